using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Vigil.ActionBench;
using Vigil.Agent.Channel;

// Vigil.ActionBench --server URL --token ADMIN --cacert CA.pem --agents N --rounds R --state DIR
var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal)).ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var server = new Uri(arguments["server"]);
var token = arguments["token"];
var agents = int.Parse(arguments.GetValueOrDefault("agents", "1000"), CultureInfo.InvariantCulture);
var rounds = int.Parse(arguments.GetValueOrDefault("rounds", "200"), CultureInfo.InvariantCulture);
var fanouts = int.Parse(arguments.GetValueOrDefault("fanouts", "3"), CultureInfo.InvariantCulture);
var state = arguments["state"];
var bundle = new X509Certificate2Collection();
bundle.ImportFromPemFile(arguments["cacert"]);
var trust = ServerTrust.Roots(bundle);

using var admin = ServerHttp.Create(trust, null, null, TimeSpan.FromSeconds(120));
admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

// Enroll every agent through the real enrollment path (its own key and CSR), a few at a time.
var started = Stopwatch.GetTimestamp();
var identities = new ClientIdentity[agents];
using (var gate = new SemaphoreSlim(8))
{
    await Task.WhenAll(Enumerable.Range(0, agents).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var created = await Api(HttpMethod.Post, "/api/v1/enrollment-tokens", new JsonObject { ["labels"] = new JsonObject { ["bench"] = "actions" }, ["ttl"] = "1h" });
            identities[i] = await EnrollmentClient.EnrollAsync(new EnrollmentRequest
            {
                Server = server,
                Token = created["token"]!.GetValue<string>(),
                Trust = trust,
                Hostname = $"bench-{i + 1:D5}",
            }, TimeProvider.System, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }));
}
Console.Error.WriteLine($"enrolled {agents} agents in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");

using var stop = new CancellationTokenSource();
var simulated = identities.Select((identity, i) => new SimulatedActionAgent(identity, server, Path.Combine(state, i.ToString(CultureInfo.InvariantCulture)))).ToList();
var running = simulated.Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
await Task.WhenAll(simulated.Select(a => a.Polling.Task));
await Task.Delay(TimeSpan.FromSeconds(10)); // every poll reached the server and is held
Console.Error.WriteLine($"{agents} agents polling; {rounds} single-host round trips");

// Round trip: request to result stored, by the server's own timestamps; one action at a time, each to a random host.
var roundTrips = new List<double>();
var observed = new List<double>();
var random = new Random(42);
for (var r = 0; r < rounds; r++)
{
    var host = $"bench-{random.Next(agents) + 1:D5}";
    var t0 = Stopwatch.GetTimestamp();
    var created = await Api(HttpMethod.Post, "/api/v1/actions", new JsonObject { ["action"] = "dns", ["parameters"] = new JsonObject { ["name"] = "localhost" }, ["host"] = host, ["expires_in"] = "1m" });
    var done = await WaitDoneAsync(created["id"]!.GetValue<string>(), TimeSpan.FromMilliseconds(5));
    observed.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
    var result = done["results"]![0]!;
    if (result["state"]!.GetValue<string>() != "succeeded")
    {
        Console.Error.WriteLine($"round {r}: {result.ToJsonString()}");
        continue;
    }
    roundTrips.Add((Time(result["finished_at"]) - Time(done["requested_at"])).TotalMilliseconds);
}

// Fan-out: one action to every agent at once; time until the last result is stored.
var fanout = new List<(double Seconds, int Succeeded, int Hosts)>();
for (var f = 0; f < fanouts; f++)
{
    var created = await Api(HttpMethod.Post, "/api/v1/actions", new JsonObject { ["action"] = "dns", ["parameters"] = new JsonObject { ["name"] = "localhost" }, ["select"] = "bench=actions", ["concurrency"] = agents, ["expires_in"] = "2m" });
    var done = await WaitDoneAsync(created["id"]!.GetValue<string>(), TimeSpan.FromMilliseconds(100));
    var results = done["results"]!.AsArray();
    var last = results.Where(x => x!["finished_at"] is not null).Max(x => Time(x!["finished_at"]));
    fanout.Add(((last - Time(done["requested_at"])).TotalSeconds, results.Count(x => x!["state"]!.GetValue<string>() == "succeeded"), results.Count));
}
stop.Cancel();
try
{
    await Task.WhenAll(running);
}
catch (OperationCanceledException)
{
}
roundTrips.Sort();
observed.Sort();
Console.WriteLine($"agents {agents}, round trips {roundTrips.Count}/{rounds}: p50 {Pct(roundTrips, 50):F1} ms, p99 {Pct(roundTrips, 99):F1} ms, max {roundTrips[^1]:F1} ms (server: request to result stored)");
Console.WriteLine($"  as the operator saw it (POST, then GET every 5 ms until done): p50 {Pct(observed, 50):F1} ms, p99 {Pct(observed, 99):F1} ms");
foreach (var (seconds, succeeded, hosts) in fanout)
{
    Console.WriteLine($"fan-out to {hosts} hosts: last result stored after {seconds:F2} s; {succeeded} succeeded");
}
Console.WriteLine($"agent-side: answered {simulated.Sum(a => a.Answered)}, refused {simulated.Sum(a => a.Refused)}, errors {simulated.Sum(a => a.Errors)}");
return 0;

async Task<JsonNode> Api(HttpMethod method, string path, JsonNode? body = null)
{
    using var request = new HttpRequestMessage(method, new Uri(server, path));
    if (body is not null)
    {
        request.Content = JsonContent.Create(body);
    }
    using var response = await admin.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
}

async Task<JsonNode> WaitDoneAsync(string id, TimeSpan every)
{
    while (true)
    {
        var json = await Api(HttpMethod.Get, "/api/v1/actions/" + id);
        if (json["summary"]!["pending"]!.GetValue<int>() == 0)
        {
            return json;
        }
        await Task.Delay(every);
    }
}

static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

static double Pct(List<double> sorted, int p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * p / 100.0) - 1)];
