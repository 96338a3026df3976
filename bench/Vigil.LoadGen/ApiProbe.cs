using System.Diagnostics;
using System.Net.Http.Headers;

namespace Vigil.LoadGen;

/// <summary>
/// Times what an operator's browser asks for while the agents load the server: the dashboard page and the host
/// page's two API calls (the host, and its CPU chart for the last 15 minutes), evenly spread over the window.
/// </summary>
public sealed class ApiProbe(HttpClient client, Uri server, string adminToken)
{
    private readonly Dictionary<string, List<double>> _latencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<int, int>> _statuses = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, List<double>> Latencies => _latencies;
    public IReadOnlyDictionary<string, Dictionary<int, int>> Statuses => _statuses;

    public static IReadOnlyList<(string Name, string Path)> Calls(string host) =>
    [
        ("GET /api/v1/hosts/{host}", $"/api/v1/hosts/{Uri.EscapeDataString(host)}"),
        ("GET /api/v1/hosts/{host}/metrics/system.cpu.utilization?since=15m", $"/api/v1/hosts/{Uri.EscapeDataString(host)}/metrics/system.cpu.utilization?since=15m"),
        ("GET / (dashboard page)", "/"),
    ];

    public async Task RunAsync(string host, int samples, TimeSpan window, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var spacing = window / samples;
        for (var k = 0; k < samples; k++)
        {
            var wait = spacing * k - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            foreach (var (name, path) in Calls(host))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
                }
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                (_latencies.TryGetValue(name, out var list) ? list : _latencies[name] = []).Add(ms);
                var statuses = _statuses.TryGetValue(name, out var s) ? s : _statuses[name] = [];
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        }
    }
}
