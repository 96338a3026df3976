using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Testing;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// The real thing: a <c>vigil dev</c> process (server, embedded store, its own CA) on a free loopback port, with the
/// local vigil-agent it enrolls and runs reporting this machine. Ready once the agent's host has CPU numbers.
/// </summary>
public sealed partial class DevServer : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new("vigil-dashboard-dev");
    private TestProcess? _process;

    /// <summary>The sign-in link `vigil dev` prints (<c>https://127.0.0.1:PORT/#token=…</c>).</summary>
    public string DashboardUrl { get; private set; } = "";
    public string BaseUrl { get; private set; } = "";
    public string Token { get; private set; } = "";
    public int Port { get; } = FreePort.Next();
    public string Hostname { get; private set; } = "";
    public string HostId { get; private set; } = "";
    public TestProcess Process => _process ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _process = TestProcess.Start("vigil.dll", null, "dev", "--data", _data.Path, "--listen", $"127.0.0.1:{Port}");
        _process.WaitForOutput("local agent running", TimeSpan.FromSeconds(90));
        DashboardUrl = DashboardLine().Match(_process.Output).Groups[1].Value;
        var link = new Uri(DashboardUrl);
        BaseUrl = link.GetLeftPart(UriPartial.Authority);
        Token = link.Fragment["#token=".Length..];

        using var http = Http();
        var deadline = TimeSpan.FromSeconds(90);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var hosts = (await http.GetFromJsonAsync<JsonObject>("/api/v1/hosts"))!["hosts"]!.AsArray();
            var host = hosts.FirstOrDefault(h => h!["cpu_utilization"] is not null && h["memory_utilization"] is not null);
            if (host is not null)
            {
                Hostname = host["hostname"]!.GetValue<string>();
                HostId = host["id"]!.GetValue<string>();
                return;
            }
            if (clock.Elapsed > deadline || _process.HasExited)
            {
                throw new TimeoutException($"the local agent did not report within {deadline}; vigil dev output:\n{_process.Output}");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>An API client for this server; its CA is a throwaway one, so any certificate is accepted on loopback.</summary>
    public HttpClient Http()
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var client = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    [GeneratedRegex(@"dashboard: (\S+)")]
    private static partial Regex DashboardLine();

    /// <summary>SIGTERM first, so the agent and server stop as they would for a user; dispose kills whatever is left.</summary>
    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Signal(TestProcess.SIGTERM);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _process?.Dispose();
        _data.Dispose();
    }
}
