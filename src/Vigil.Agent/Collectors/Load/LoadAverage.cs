using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Load;

/// <summary>/proc/loadavg: "0.52 0.41 0.30 2/231 5849" (three averages, runnable/existing scheduling entities, last pid).</summary>
public readonly record struct LoadAverage(double One, double Five, double Fifteen, ulong Runnable, ulong Entities)
{
    /// <summary>Parses the line; returns false when it is malformed (fewer than four fields or unparsable averages).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out LoadAverage load)
    {
        load = default;
        Span<Range> f = stackalloc Range[5];
        var line = text.Trim();
        if (SpanParsing.SplitFields(line, f) < 4)
        {
            return false;
        }
        var one = SpanParsing.ParseDouble(line[f[0]]);
        var five = SpanParsing.ParseDouble(line[f[1]]);
        var fifteen = SpanParsing.ParseDouble(line[f[2]]);
        var entities = line[f[3]];
        var slash = entities.IndexOf('/');
        if (double.IsNaN(one) || double.IsNaN(five) || double.IsNaN(fifteen) || slash < 0)
        {
            return false;
        }
        load = new LoadAverage(one, five, fifteen, SpanParsing.ParseUInt64(entities[..slash]), SpanParsing.ParseUInt64(entities[(slash + 1)..]));
        return true;
    }
}
