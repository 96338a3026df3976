using System.Globalization;
using System.Text.Json.Nodes;

namespace Vigil.Cli.Output;

/// <summary>Turns API values into what a person reads in a table: relative times, percentages, sizes, label lists.</summary>
public static class Display
{
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<double>(out var d) => Number(d),
        _ => node.ToJsonString(),
    };

    public static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var d) ? d : null;

    public static string Number(double value) =>
        Math.Abs(value) >= 1e6 || (value != 0 && Math.Abs(value) < 1e-3)
            ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
            : value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);

    public static string Percent(JsonNode? node) => Number(node) is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Ago(JsonNode? node, DateTimeOffset now)
    {
        if (node is null || !DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "never";
        }
        var span = now - time;
        return span.TotalSeconds < 0 ? "just now"
            : span.TotalSeconds < 60 ? $"{span.TotalSeconds:0} s ago"
            : span.TotalMinutes < 60 ? $"{span.TotalMinutes:0} min ago"
            : span.TotalHours < 48 ? $"{span.TotalHours:0} h ago"
            : $"{span.TotalDays:0} d ago";
    }

    /// <summary>A length of time in its largest sensible unit: 45 s, 12 min, 3.5 h, 2.1 d.</summary>
    public static string Duration(double seconds) =>
        seconds < 60 ? seconds.ToString("0", CultureInfo.InvariantCulture) + " s"
        : seconds < 3600 ? (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min"
        : seconds < 172_800 ? (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h"
        : (seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture) + " d";

    public static string Labels(JsonNode? node) =>
        node is JsonObject labels ? string.Join(",", labels.Select(l => $"{l.Key}={Text(l.Value)}")) : "";

    public static string Value(double value, string unit) => unit switch
    {
        "1" => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        "By" => Bytes(value),
        "By/s" => Bytes(value) + "/s",
        _ => Number(value) + (unit.Length > 0 && unit != "1" ? " " + unit.Trim('{', '}') : ""),
    };

    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var i = 0;
        while (Math.Abs(bytes) >= 1024 && i < units.Length - 1)
        {
            bytes /= 1024;
            i++;
        }
        return bytes.ToString(i == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[i];
    }

    /// <summary>A one-line chart of a series, scaled between its own min and max.</summary>
    public static string Sparkline(IReadOnlyList<double> values, int width = 40)
    {
        const string bars = "▁▂▃▄▅▆▇█";
        if (values.Count == 0)
        {
            return "";
        }
        var step = Math.Max(1, (int)Math.Ceiling(values.Count / (double)width));
        var sampled = Enumerable.Range(0, (values.Count + step - 1) / step).Select(i => values.Skip(i * step).Take(step).Average()).ToList();
        var min = sampled.Min();
        var max = sampled.Max();
        return string.Concat(sampled.Select(v => max - min < 1e-12 ? bars[0] : bars[(int)Math.Round((v - min) / (max - min) * (bars.Length - 1))]));
    }
}
