using System.Globalization;
using System.Text;

namespace Vigil.Agent.Actions;

/// <summary>
/// Every action nonce this agent accepted, kept until the action's expiry, in <c>STATE_DIR/actions/nonces</c>: one line
/// <c>NONCE EXPIRES_UNIX_MS</c> appended and fsync'd before the action runs, so a restart (or a crash mid-action)
/// never makes a replayed envelope acceptable again. Envelopes expire (at most a day after issue), so the file is
/// bounded; it is rewritten without the expired lines when it has grown.
/// </summary>
public sealed class NonceStore : IDisposable
{
    private readonly string _path;
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private FileStream _file;
    private int _lines;

    private NonceStore(string path, FileStream file)
    {
        _path = path;
        _file = file;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    public static NonceStore Open(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, "nonces");
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                // A torn last line (crash mid-append) has no expiry: keeping its nonce forever errs on the side of refusing.
                var expires = space > 0 && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : long.MaxValue;
                var nonce = space > 0 ? line[..space] : line;
                if (nonce.Length > 0 && expires > now.ToUnixTimeMilliseconds())
                {
                    seen[nonce] = expires;
                }
            }
        }
        var store = new NonceStore(path, OpenAppend(path)) { };
        foreach (var (nonce, expires) in seen)
        {
            store._seen[nonce] = expires;
        }
        store._lines = seen.Count;
        store.Compact(now);
        return store;
    }

    /// <summary>Records <paramref name="nonce"/> durably; false when it was seen before (a replay).</summary>
    public bool TryRecord(string nonce, DateTimeOffset expires, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_seen.ContainsKey(nonce))
            {
                return false;
            }
            var ms = expires.ToUnixTimeMilliseconds();
            _file.Write(Encoding.ASCII.GetBytes($"{nonce} {ms.ToString(CultureInfo.InvariantCulture)}\n"));
            _file.Flush(flushToDisk: true);
            _seen[nonce] = ms;
            _lines++;
            if (_lines > 1024 && _lines > _seen.Count * 2)
            {
                Compact(now);
            }
            return true;
        }
    }

    /// <summary>Drops expired nonces and rewrites the file with the rest (temp, fsync, rename).</summary>
    private void Compact(DateTimeOffset now)
    {
        var cutoff = now.ToUnixTimeMilliseconds();
        foreach (var expired in _seen.Where(p => p.Value <= cutoff).Select(p => p.Key).ToList())
        {
            _seen.Remove(expired);
        }
        var text = new StringBuilder();
        foreach (var (nonce, expires) in _seen)
        {
            text.Append(nonce).Append(' ').Append(expires.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        _file.Dispose();
        Channel.AtomicFile.Write(_path, Encoding.ASCII.GetBytes(text.ToString()), Channel.AtomicFile.OwnerOnly);
        _file = OpenAppend(_path);
        _lines = _seen.Count;
    }

    private static FileStream OpenAppend(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Append,
        Access = FileAccess.Write,
        Share = FileShare.Read,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
