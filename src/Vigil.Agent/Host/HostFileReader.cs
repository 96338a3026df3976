using System.Text;

namespace Vigil.Agent.Host;

/// <summary>
/// Reads small host files (/proc, /sys, /etc) into buffers it reuses, so the periodic path does not allocate a
/// new string per file. The returned span is valid until the next call on the same instance; one instance
/// belongs to one collector.
/// </summary>
public sealed class HostFileReader
{
    private const int InitialSize = 4 * 1024;
    private const int KeepSize = 64 * 1024;
    private byte[] _bytes = new byte[InitialSize];
    private char[] _chars = new char[InitialSize];

    /// <summary>Largest file this reader accepts; /proc files are small, a runaway file is not read whole.</summary>
    public int MaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Reads the whole file. Throws <see cref="FileNotFoundException"/>, <see cref="UnauthorizedAccessException"/> and friends as the file system does.</summary>
    public ReadOnlySpan<char> Read(string path)
    {
        // /proc files report a size of 0, so read until end of file rather than trusting the length.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var total = 0;
        while (true)
        {
            if (total == _bytes.Length)
            {
                if (_bytes.Length >= MaxBytes)
                {
                    break;
                }
                Array.Resize(ref _bytes, Math.Min(_bytes.Length * 2, MaxBytes));
            }
            var n = RandomAccess.Read(handle, _bytes.AsSpan(total), total);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        var needed = Encoding.UTF8.GetMaxCharCount(total);
        if (_chars.Length < needed)
        {
            _chars = new char[needed];
        }
        var count = Encoding.UTF8.GetChars(_bytes.AsSpan(0, total), _chars);
        return _chars.AsSpan(0, count);
    }

    /// <summary>Reads the file, or returns false when it does not exist (a process that exited, a device that vanished).</summary>
    public bool TryRead(string path, out ReadOnlySpan<char> text)
    {
        try
        {
            text = Read(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException { HResult: 3 /* ESRCH: process gone */ })
        {
            text = default;
            return false;
        }
    }

    /// <summary>
    /// Lets go of buffers a large file (a package database) grew, so a collector that runs every few minutes does not
    /// hold megabytes between runs. Called after each run; spans returned earlier are invalid afterwards.
    /// </summary>
    public void Trim()
    {
        if (_bytes.Length > KeepSize)
        {
            _bytes = new byte[InitialSize];
        }
        if (_chars.Length > KeepSize)
        {
            _chars = new char[InitialSize];
        }
    }

    /// <summary>
    /// Reads the file, or returns false with why not: absent (<c>not present</c>), or unreadable (permission refused,
    /// a directory in its place, a read the kernel refuses) with the system's message. For sources a collector can
    /// do without; nothing is thrown.
    /// </summary>
    public bool TryRead(string path, out ReadOnlySpan<char> text, out string problem)
    {
        try
        {
            if (TryRead(path, out text))
            {
                problem = "";
                return true;
            }
            problem = "not present";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = default;
            problem = e.Message;
        }
        return false;
    }

    /// <summary>Reads a one-line file such as /sys/block/sda/queue/rotational, trimmed; null when absent.</summary>
    public string? ReadLineOrNull(string path) => TryRead(path, out var text) ? text.Trim().ToString() : null;
}
