namespace Vigil.Agent.Collectors.Sockets;

/// <summary>
/// /proc/net/snmp and /proc/net/netstat: pairs of lines, <c>Tcp: Name1 Name2 ...</c> then <c>Tcp: value1 value2 ...</c>.
/// Columns are found by name, since kernels add columns over time.
/// </summary>
public static class SnmpCounters
{
    /// <summary>
    /// Reads the columns <paramref name="names"/> of the group <paramref name="group"/> (e.g. <c>Tcp</c>) into
    /// <paramref name="values"/>; <paramref name="found"/> says which the kernel has. Negative values (Tcp MaxConn -1) read as absent.
    /// </summary>
    public static void Read(ReadOnlySpan<char> text, ReadOnlySpan<char> group, ReadOnlySpan<string> names, Span<ulong> values, Span<bool> found)
    {
        found.Clear();
        values.Clear();
        ReadOnlySpan<char> header = default;
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || !line[..colon].SequenceEqual(group))
            {
                continue;
            }
            if (header.IsEmpty)
            {
                header = line[(colon + 1)..];
                continue;
            }
            Match(header, line[(colon + 1)..], names, values, found);
            return;
        }
    }

    private static void Match(ReadOnlySpan<char> header, ReadOnlySpan<char> row, ReadOnlySpan<string> names, Span<ulong> values, Span<bool> found)
    {
        var headerFields = header.Split(' ');
        var rowFields = row.Split(' ');
        while (headerFields.MoveNext())
        {
            var name = header[headerFields.Current];
            if (name.IsEmpty)
            {
                continue;
            }
            // Advance the values in step, skipping the empty fields doubled spaces would give.
            var value = ReadOnlySpan<char>.Empty;
            while (rowFields.MoveNext())
            {
                value = row[rowFields.Current];
                if (!value.IsEmpty)
                {
                    break;
                }
            }
            for (var i = 0; i < names.Length; i++)
            {
                if (name.SequenceEqual(names[i]) && ulong.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
                {
                    found[i] = true;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// /proc/net/snmp6 lists one counter per line (<c>Udp6InErrors   3</c>); adds the columns <paramref name="names"/>
    /// prefixed with <paramref name="prefix"/> to <paramref name="values"/> and marks them found.
    /// </summary>
    public static void AddFlat(ReadOnlySpan<char> text, ReadOnlySpan<char> prefix, ReadOnlySpan<string> names, Span<ulong> values, Span<bool> found)
    {
        Span<Range> f = stackalloc Range[2];
        foreach (var line in text.EnumerateLines())
        {
            if (!line.StartsWith(prefix) || Vigil.Agent.Host.SpanParsing.SplitFields(line, f) < 2)
            {
                continue;
            }
            var name = line[f[0]][prefix.Length..];
            for (var i = 0; i < names.Length; i++)
            {
                if (name.SequenceEqual(names[i]) && ulong.TryParse(line[f[1]], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
                {
                    values[i] += v;
                    found[i] = true;
                    break;
                }
            }
        }
    }
}
