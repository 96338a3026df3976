using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>The human-readable summary of a run.</summary>
public static class Summary
{
    public static void Print(TextWriter output, LoadResult r)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"agents                     {r.Agents} ({r.SamplesPerBatch} samples per batch, every {r.IntervalS:F0} s)"));
        output.WriteLine(string.Create(c, $"measured window            {r.DurationS:F0} s after {r.WarmupS:F0} s warm-up"));
        output.WriteLine(string.Create(c, $"batches/s, samples/s       {r.BatchesPerS:F1}, {r.SamplesPerS:F0}"));
        output.WriteLine(string.Create(c, $"ack latency p50/p95/p99    {r.AckLatencyMs.P50:F1} / {r.AckLatencyMs.P95:F1} / {r.AckLatencyMs.P99:F1} ms (max {r.AckLatencyMs.Max:F0}, n={r.AckLatencyMs.Count})"));
        output.WriteLine(string.Create(c, $"send lag p50/p99           {r.SendLagMs.P50:F1} / {r.SendLagMs.P99:F1} ms"));
        output.WriteLine(string.Create(c, $"sent / acked / failed      {r.Sent} / {r.Acked} / {r.Failed} (retried {r.Retried}, in the measured window {r.MeasuredRetried})"));
        output.WriteLine(string.Create(c, $"stored, lost               {(r.Stored?.ToString(c) ?? "-")}, {(r.Lost?.ToString(c) ?? "-")} (agents with missing rows: {(r.AgentsWithMissingRows?.ToString(c) ?? "-")})"));
        foreach (var (failure, count) in r.Failures)
        {
            output.WriteLine(string.Create(c, $"  failure                  {count} × {failure}"));
        }
        output.WriteLine(string.Create(c, $"bytes per agent interval   body {r.BodyBytesPerAgentInterval:F0}, wire sent {r.WireSentBytesPerAgentInterval:F0}, received {r.WireReceivedBytesPerAgentInterval:F0}"));
        output.WriteLine(string.Create(c, $"server CPU (% of a core)   median {r.ServerCpuPercentMedian:F0}, p95 {r.ServerCpuPercentP95:F0}, average {r.ServerCpuPercentAverage:F0}"));
        output.WriteLine(string.Create(c, $"server RSS (MiB)           median {r.ServerRssMibMedian:F0}, max {r.ServerRssMibMax:F0}, peak {r.ServerRssMibPeak:F0}"));
        output.WriteLine(string.Create(c, $"load generator CPU         median {r.LoadgenCpuPercentMedian:F0} % of a core; machine busy median {r.MachineBusyPercentMedian:F0} % of both cores"));
        foreach (var api in r.Api)
        {
            output.WriteLine(string.Create(c, $"{api.Call,-68} p50 {api.LatencyMs.P50:F1} ms, p99 {api.LatencyMs.P99:F1} ms (n={api.LatencyMs.Count}; status {string.Join(", ", api.Statuses.Select(s => $"{s.Key}×{s.Value}"))})"));
        }
        output.WriteLine(string.Create(c, $"sustained                  {(r.Sustained ? "yes" : "no")} (p99 < 250 ms, no failure or retry in the window, no loss)"));
    }
}
