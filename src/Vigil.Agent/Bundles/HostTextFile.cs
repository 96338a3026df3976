using System.Text;

namespace Vigil.Agent.Bundles;

/// <summary>
/// Reads at most a cap of a text file: its beginning (configuration) or its end (logs, whose newest lines matter),
/// starting at a line boundary. Files the kernel reports as empty (/proc, /sys) are read until end of file.
/// </summary>
public static class HostTextFile
{
    /// <summary>Bytes looked at to tell a binary file (a NUL among them) from text.</summary>
    private const int Sniff = 8192;

    public sealed record Content(string Text, bool Truncated, long Size, bool Binary);

    public static Content Read(string path, long max, bool tail)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var length = stream.CanSeek ? stream.Length : 0;
        byte[] bytes;
        var truncated = false;
        if (tail && length > max)
        {
            stream.Seek(length - max, SeekOrigin.Begin);
            bytes = ReadUpTo(stream, max, out _);
            truncated = true;
            var newline = Array.IndexOf(bytes, (byte)'\n');
            if (newline >= 0 && newline < bytes.Length - 1)
            {
                bytes = bytes[(newline + 1)..]; // drop the partial first line
            }
        }
        else
        {
            bytes = ReadUpTo(stream, max, out truncated);
        }
        var binary = bytes.AsSpan(0, Math.Min(bytes.Length, Sniff)).Contains((byte)0);
        return new Content(binary ? "" : Encoding.UTF8.GetString(bytes), truncated, Math.Max(length, bytes.Length), binary);
    }

    private static byte[] ReadUpTo(Stream stream, long max, out bool more)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        more = false;
        while (buffer.Length < max)
        {
            var n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length));
            if (n == 0)
            {
                return buffer.ToArray();
            }
            buffer.Write(chunk, 0, n);
        }
        more = stream.Read(chunk, 0, 1) > 0;
        return buffer.ToArray();
    }
}
