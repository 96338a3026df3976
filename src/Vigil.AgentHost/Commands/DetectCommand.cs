using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vigil.AgentHost.Detect;
using Vigil.AgentHost.Output;
using Vigil.Detection;

namespace Vigil.AgentHost.Commands;

/// <summary>
/// <c>vigil-agent detect --nab DATA --out RESULTS</c>: the agent's default detector, as the agent runs it, over
/// Numenta Anomaly Benchmark data files, writing result files the NAB scorer reads.
/// </summary>
public static class DetectCommand
{
    public static Command Build()
    {
        var nab = new Option<string>("--nab") { Description = "Folder of NAB data files (every *.csv below it)", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write result files to, same relative paths", Required = true };
        var threshold = new Option<double?>("--threshold")
        {
            Description = $"Score at which an anomaly opens (default {DetectionOptions.DefaultThreshold.ToString(CultureInfo.InvariantCulture)}, the agent's)",
        };
        var format = CommonOptions.Format();
        var command = new Command("detect", "Run the agent's anomaly detector over benchmark data files") { nab, output, threshold, format };
        command.SetAction(parse =>
        {
            var options = DetectionOptions.Default;
            if (parse.GetValue(threshold) is { } t)
            {
                options = options with { Threshold = t };
            }
            if (!(options.Threshold is > 0 and < 1))
            {
                Console.Error.WriteLine("--threshold: must be between 0 and 1 (exclusive)");
                return 2;
            }
            var json = parse.GetValue(format) == OutputFormat.Json;
            var results = NabRunner.Run(parse.GetValue(nab)!, parse.GetValue(output)!, options,
                r => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.File}: {r.Rows} rows, {r.Opened} anomalies")));
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(results.ToList(), HostJsonContext.Default.ListNabFileResult));
                return 0;
            }
            var table = new TextTable("Anomalies at threshold " + options.Threshold.ToString(CultureInfo.InvariantCulture), "File", "Rows", "Anomalies")
                .AlignRight(1).AlignRight(2);
            foreach (var r in results)
            {
                table.AddRow(r.File, r.Rows.ToString(CultureInfo.InvariantCulture), r.Opened.ToString(CultureInfo.InvariantCulture));
            }
            table.Write(Console.Out, ConsoleStyle.Width(), ConsoleStyle.ForStandardOutput());
            return 0;
        });
        return command;
    }
}
