using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Pressure;

/// <summary>One line of a /proc/pressure file: averages in percent over 10s/60s/300s and the total stall in microseconds.</summary>
public readonly record struct PressureLine(double Avg10, double Avg60, double Avg300, ulong TotalMicroseconds)
{
    /// <summary>
    /// Parses a file such as <c>some avg10=0.00 avg60=0.10 avg300=0.11 total=2390561</c> plus an optional <c>full</c> line.
    /// cpu has only <c>some</c> before Linux 5.13, irq only <c>full</c>; a missing or malformed line is null.
    /// </summary>
    public static (PressureLine? Some, PressureLine? Full) ParseFile(ReadOnlySpan<char> text)
    {
        PressureLine? some = null, full = null;
        foreach (var line in text.EnumerateLines())
        {
            if (line.StartsWith("some "))
            {
                some = ParseLine(line[5..]);
            }
            else if (line.StartsWith("full "))
            {
                full = ParseLine(line[5..]);
            }
        }
        return (some, full);
    }

    private static PressureLine? ParseLine(ReadOnlySpan<char> fields)
    {
        Span<Range> f = stackalloc Range[4];
        if (SpanParsing.SplitFields(fields, f) < 4)
        {
            return null;
        }
        double avg10 = double.NaN, avg60 = double.NaN, avg300 = double.NaN;
        ulong? total = null;
        foreach (var range in f)
        {
            var field = fields[range];
            var eq = field.IndexOf('=');
            if (eq < 0)
            {
                return null;
            }
            var value = field[(eq + 1)..];
            switch (field[..eq])
            {
                case "avg10": avg10 = SpanParsing.ParseDouble(value); break;
                case "avg60": avg60 = SpanParsing.ParseDouble(value); break;
                case "avg300": avg300 = SpanParsing.ParseDouble(value); break;
                case "total": total = ulong.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null; break;
                default: break;
            }
        }
        return double.IsNaN(avg10) || double.IsNaN(avg60) || double.IsNaN(avg300) || total is null
            ? null
            : new PressureLine(avg10, avg60, avg300, total.Value);
    }
}
