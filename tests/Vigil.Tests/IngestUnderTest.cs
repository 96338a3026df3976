using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>
/// The ingest endpoint of a real server as one agent reaches it: a <see cref="ServerUnderTest"/> in a folder of its
/// own, an agent identity enrolled by hand (<see cref="ManualAgent"/>) and a mutual-TLS client presenting its
/// certificate. Tests start one in <c>InitializeAsync</c> and dispose it in <c>DisposeAsync</c>.
/// </summary>
public sealed class IngestUnderTest : IDisposable
{
    public const string BatchesPath = "/v1/agent/batches";
    private readonly TempDirectory _root;

    private IngestUnderTest(TempDirectory root, ServerUnderTest server, ManualAgent agent)
    {
        _root = root;
        Server = server;
        Agent = agent;
        Http = server.Http(agent.Certificate);
    }

    public ServerUnderTest Server { get; }
    public ManualAgent Agent { get; }
    public string AgentId => Agent.AgentId;
    /// <summary>Presents <see cref="Agent"/>'s client certificate.</summary>
    public HttpClient Http { get; }

    public static async Task<IngestUnderTest> StartAsync(string folderPrefix, string hostname = "manual-host")
    {
        var root = new TempDirectory(folderPrefix);
        ServerUnderTest? server = null;
        try
        {
            server = ServerUnderTest.Start(root.Path);
            return new IngestUnderTest(root, server, await ManualAgent.EnrollAsync(server, hostname));
        }
        catch
        {
            server?.Dispose();
            root.Dispose();
            throw;
        }
    }

    /// <summary>POSTs a JSON batch as <see cref="Agent"/>, with a <c>Vigil-Schema-Version</c> header when <paramref name="schemaVersion"/> is given.</summary>
    public Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string json, int? schemaVersion = null) =>
        PostAsync(Http, Encoding.UTF8.GetBytes(json), schemaVersion: schemaVersion);

    /// <summary>POSTs raw bytes through <paramref name="http"/> (any client, with or without a certificate); the answer's JSON, <c>{}</c> when empty.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient http, byte[] body, string? encoding = null, int? schemaVersion = null)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BatchesPath, UriKind.Relative)) { Content = content };
        if (schemaVersion is { } version)
        {
            request.Headers.Add("Vigil-Schema-Version", version.ToString(CultureInfo.InvariantCulture));
        }
        // A large body waits for "100 Continue", so a refusal by size arrives as an answer rather than a broken pipe mid-upload.
        request.Headers.ExpectContinue = body.Length > 1024 * 1024;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    public void Dispose()
    {
        Http.Dispose();
        Agent.Dispose();
        Server.Dispose();
        _root.Dispose();
    }
}
