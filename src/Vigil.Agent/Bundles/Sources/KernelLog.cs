using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// Reads the kernel's message buffer from <c>/dev/kmsg</c> without blocking: opened O_NONBLOCK, each read returns
/// one record until EAGAIN says the buffer is drained (a plain blocking read would wait for the next message
/// forever). A regular file in the same format (a test's fixture) reads to its end the same way.
/// </summary>
internal static partial class KernelLog
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int Again = 11;
    private const int Interrupted = 4;
    /// <summary>The kernel overwrote the record about to be read: the next read continues with the oldest kept.</summary>
    private const int BrokenPipe = 32;

    /// <summary>
    /// The records as <c>[seconds.micros] message</c> lines, the newest <paramref name="max"/> bytes of them; throws
    /// <see cref="UnauthorizedAccessException"/> or <see cref="IOException"/> when /dev/kmsg cannot be opened.
    /// </summary>
    public static (List<string> Lines, bool Truncated) Read(string path, long max)
    {
        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno is 1 or 13 ? new UnauthorizedAccessException($"{path}: permission denied") : new IOException($"{path}: open failed (errno {errno})");
        }
        var lines = new LinkedList<string>();
        long bytes = 0;
        var truncated = false;
        var pending = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = ReadFd(fd, buffer, buffer.Length);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is BrokenPipe or Interrupted)
                    {
                        continue;
                    }
                    if (errno == Again)
                    {
                        break;
                    }
                    throw new IOException($"{path}: read failed (errno {errno})");
                }
                if (n == 0)
                {
                    break;
                }
                pending.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
                var text = pending.ToString();
                var last = text.LastIndexOf('\n');
                if (last < 0)
                {
                    continue;
                }
                pending.Clear().Append(text.AsSpan(last + 1));
                foreach (var record in text[..last].Split('\n'))
                {
                    if (Format(record) is not { } line)
                    {
                        continue;
                    }
                    lines.AddLast(line);
                    bytes += line.Length + 1;
                    while (bytes > max && lines.First is { } first)
                    {
                        bytes -= first.Value.Length + 1;
                        lines.RemoveFirst();
                        truncated = true;
                    }
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
        return ([.. lines], truncated);
    }

    /// <summary><c>6,1234,5678901,-;message</c> as <c>[5.678901] message</c>; continuation lines (" KEY=value") are dropped.</summary>
    internal static string? Format(string record)
    {
        var semicolon = record.IndexOf(';', StringComparison.Ordinal);
        if (record.Length == 0 || record[0] == ' ' || semicolon < 0)
        {
            return null;
        }
        var fields = record[..semicolon].Split(',');
        var message = record[(semicolon + 1)..];
        if (fields.Length < 3 || !long.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var micros))
        {
            return message;
        }
        return $"[{micros / 1_000_000,5}.{micros % 1_000_000:D6}] {message}";
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
