using System.Globalization;
using Vigil.Detection;

namespace Vigil.AgentHost.Detect;

/// <summary>
/// Runs the agent's detector over Numenta Anomaly Benchmark data files: every <c>*.csv</c> under a folder
/// (header <c>timestamp,value</c>), one fresh <see cref="SeriesDetector"/> per file, rows in file order, and writes
/// <c>timestamp,anomaly_score</c> at the same relative path under the results folder. The score written is the
/// detector's alert score, computed from rows 0..t only; the file's length and range are never looked at.
/// </summary>
public static class NabRunner
{
    public static IReadOnlyList<NabFileResult> Run(string dataDir, string outDir, DetectionOptions options, Action<NabFileResult>? progress = null)
    {
        if (!Directory.Exists(dataDir))
        {
            throw new DirectoryNotFoundException($"{dataDir}: no such folder");
        }
        var files = Directory.EnumerateFiles(dataDir, "*.csv", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        var results = new List<NabFileResult>(files.Count);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(dataDir, file);
            var result = RunFile(file, Path.Combine(outDir, relative), relative, options);
            results.Add(result);
            progress?.Invoke(result);
        }
        return results;
    }

    private static NabFileResult RunFile(string input, string output, string relative, DetectionOptions options)
    {
        var detector = new SeriesDetector(Path.GetFileNameWithoutExtension(input), options);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + ".tmp";
        var rows = 0;
        var opened = 0;
        using (var reader = new StreamReader(input))
        using (var writer = new StreamWriter(temporary))
        {
            var header = reader.ReadLine() ?? throw new FormatException($"{input}:1: empty file");
            var columns = header.Split(',');
            var timeColumn = Array.IndexOf(columns, "timestamp");
            var valueColumn = Array.IndexOf(columns, "value");
            if (timeColumn < 0 || valueColumn < 0)
            {
                throw new FormatException($"{input}:1: header must name 'timestamp' and 'value', got '{header}'");
            }
            writer.WriteLine("timestamp,anomaly_score");
            var line = 1;
            while (reader.ReadLine() is { } text)
            {
                line++;
                if (text.Length == 0)
                {
                    continue;
                }
                var fields = text.Split(',');
                if (fields.Length <= Math.Max(timeColumn, valueColumn))
                {
                    throw new FormatException($"{input}:{line}: expected {columns.Length} fields, got {fields.Length}");
                }
                var stamp = fields[timeColumn];
                if (!DateTime.TryParseExact(stamp, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                {
                    throw new FormatException($"{input}:{line}: timestamp '{stamp}' is not 'yyyy-MM-dd HH:mm:ss'");
                }
                var value = double.TryParse(fields[valueColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                var result = detector.Observe(new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds(), value);
                if (result.Event is { Opened: true })
                {
                    opened++;
                }
                writer.Write(stamp);
                writer.Write(',');
                writer.WriteLine(result.AlertScore.ToString("R", CultureInfo.InvariantCulture));
                rows++;
            }
        }
        File.Move(temporary, output, overwrite: true);
        return new NabFileResult(relative, rows, opened);
    }
}
