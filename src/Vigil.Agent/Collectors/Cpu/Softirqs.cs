using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Cpu;

/// <summary>/proc/softirqs summed over CPUs: one count per softirq type (NET_RX, TIMER, SCHED...).</summary>
public static class Softirqs
{
    /// <summary>Calls <paramref name="onType"/> with each type's name (as the kernel prints it) and its total over all CPUs.</summary>
    public static void Parse(ReadOnlySpan<char> text, Action<string, ulong> onType, Dictionary<string, string> names)
    {
        var first = true;
        foreach (var line in text.EnumerateLines())
        {
            if (first)
            {
                first = false; // the CPU0 CPU1 ... header
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            // One column per CPU: hundreds on a big host, so the numbers are summed as they are scanned.
            ulong total = 0;
            var rest = line[(colon + 1)..];
            while (true)
            {
                rest = rest.TrimStart();
                if (rest.IsEmpty)
                {
                    break;
                }
                var end = rest.IndexOfAny(' ', '\t');
                end = end < 0 ? rest.Length : end;
                total += SpanParsing.ParseUInt64(rest[..end]);
                rest = rest[end..];
            }
            var name = line[..colon].Trim();
            var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(name, out var cached))
            {
                cached = name.ToString().ToLowerInvariant();
                names[name.ToString()] = cached;
            }
            onType(cached, total);
        }
    }
}
