using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>Reads a file backwards in blocks and keeps the last lines that match, within a line count, a byte bound and a scan bound.</summary>
internal static class LogTail
{
    /// <summary>The most of a file one tail reads while looking for matching lines.</summary>
    public const long MaxScanBytes = 64L << 20;

    public static (List<string> Lines, bool Truncated) FromFile(string path, int lines, long maxBytes, Regex? grep)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var kept = new List<string>();
        long keptBytes = 0;
        var position = file.Length;
        var block = new byte[64 * 1024];
        var carry = Array.Empty<byte>();
        long scanned = 0;
        while (position > 0 && kept.Count < lines)
        {
            var size = (int)Math.Min(block.Length, position);
            position -= size;
            file.Position = position;
            file.ReadExactly(block, 0, size);
            scanned += size;
            var chunk = new byte[size + carry.Length];
            Buffer.BlockCopy(block, 0, chunk, 0, size);
            Buffer.BlockCopy(carry, 0, chunk, size, carry.Length);
            var end = chunk.Length;
            for (var i = chunk.Length - 1; i >= 0 && kept.Count < lines; i--)
            {
                if (chunk[i] != (byte)'\n')
                {
                    continue;
                }
                if (Take(chunk.AsSpan(i + 1, end - i - 1)) is false)
                {
                    return (Reverse(kept), true);
                }
                end = i;
            }
            carry = chunk[..end];
            if (scanned >= MaxScanBytes)
            {
                return (Reverse(kept), true);
            }
        }
        if (position == 0 && kept.Count < lines && carry.Length > 0)
        {
            Take(carry);
        }
        return (Reverse(kept), false);

        bool? Take(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0 && kept.Count == 0)
            {
                return null; // the file's final newline
            }
            var line = Encoding.UTF8.GetString(bytes);
            if (grep is not null && !grep.IsMatch(line))
            {
                return null;
            }
            if (keptBytes + bytes.Length + 1 > maxBytes)
            {
                return false;
            }
            keptBytes += bytes.Length + 1;
            kept.Add(line);
            return true;
        }
    }

    /// <summary>The last lines of text that match, within the bounds.</summary>
    public static (List<string> Lines, bool Truncated) FromText(string text, int lines, long maxBytes, Regex? grep)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>();
        long bytes = 0;
        for (var i = all.Length - 1; i >= 0 && kept.Count < lines; i--)
        {
            if (grep is not null && !grep.IsMatch(all[i]))
            {
                continue;
            }
            bytes += Encoding.UTF8.GetByteCount(all[i]) + 1;
            if (bytes > maxBytes)
            {
                return (Reverse(kept), true);
            }
            kept.Add(all[i]);
        }
        return (Reverse(kept), false);
    }

    private static List<string> Reverse(List<string> lines)
    {
        lines.Reverse();
        return lines;
    }
}
