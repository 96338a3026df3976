using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Channel;

/// <summary>
/// The agent side of the Vigil server's contract, on a real Kestrel HTTPS listener on 127.0.0.1:0: enrollment with a
/// token, renewal and batch ingest over mutual TLS, with client certificates checked against the test CA. Tests
/// program its answers and read what it received.
/// </summary>
public sealed class TestVigilServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedBatch> _batches = new();
    private readonly ConcurrentQueue<string> _enrollments = new();
    private readonly ConcurrentQueue<string> _renewals = new();

    private TestVigilServer(WebApplication app, TestCa ca)
    {
        _app = app;
        Ca = ca;
    }

    /// <summary>The CA that issues agents' certificates and whose bundle the server hands out.</summary>
    public TestCa Ca { get; }
    public Uri Url { get; private set; } = null!;
    public string Token { get; set; } = "enroll-token-1";
    public string AgentId { get; set; } = "agent-0001";
    public int TrustVersion { get; set; } = 1;
    /// <summary>The CA bundle enrollment and renewal return; the CA's own certificate unless a test rotates it.</summary>
    public string? CaBundlePem { get; set; }
    /// <summary>Whether <c>GET /v1/agent/ca</c> answers (an older or foreign server may not publish its bundle).</summary>
    public bool PublishesCaBundle { get; set; } = true;
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>When a new certificate should be renewed, from the time it is issued; null sends no renew_after.</summary>
    public Func<DateTimeOffset>? RenewAfter { get; set; } = () => TimeProvider.System.GetUtcNow().AddDays(20);
    /// <summary>Answer to enrollment instead of a certificate, e.g. (409, already_enrolled).</summary>
    public (int Status, ApiError Error)? EnrollRefusal { get; set; }
    /// <summary>The answer to each batch: null is 200 with an <see cref="IngestAck"/>.</summary>
    public Func<ReceivedBatch, (int Status, ApiError Error)?> BatchAnswer { get; set; } = _ => null;
    public ConcurrentDictionary<string, bool> Revoked { get; } = new();
    /// <summary>How long the server takes to commit a batch (a slow or stuck store).</summary>
    public TimeSpan CommitDelay { get; set; }

    public IReadOnlyList<ReceivedBatch> Batches => _batches.ToArray();
    /// <summary>Hostnames that asked to enroll (whatever the outcome).</summary>
    public IReadOnlyList<string> Enrollments => _enrollments.ToArray();
    /// <summary>Serial numbers of the certificates that asked to renew.</summary>
    public IReadOnlyList<string> Renewals => _renewals.ToArray();

    /// <summary>Starts a server whose TLS certificate is issued by <paramref name="serverCa"/> (the agents' CA by default) for <paramref name="names"/>.</summary>
    public static async Task<TestVigilServer> StartAsync(TestCa ca, TestCa? serverCa = null, string[]? names = null)
    {
        var issuer = serverCa ?? ca;
        var serverCertificate = issuer.IssueServer(names ?? ["127.0.0.1", "localhost"]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ServerCertificateChain = [issuer.Certificate]; // so an agent with only a pin sees the CA
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate; // enrollment has none yet
            https.ClientCertificateValidation = (certificate, _, _) => ca.Issued(certificate);
        })));
        var app = builder.Build();
        var server = new TestVigilServer(app, ca);
        app.MapGet(AgentApi.CaBundlePath, () => server.PublishesCaBundle
            ? Results.Text(server.CaBundlePem ?? server.Ca.Pem, "application/x-pem-file")
            : Results.NotFound());
        app.MapPost(AgentApi.EnrollPath, server.EnrollAsync);
        app.MapPost(AgentApi.RenewPath, server.RenewAsync);
        app.MapPost(AgentApi.BatchesPath, server.IngestAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    private async Task EnrollAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, ProtocolJsonContext.Default.EnrollRequest);
        _enrollments.Enqueue(request!.Hostname);
        if (EnrollRefusal is { } refusal)
        {
            await WriteAsync(context, refusal.Status, refusal.Error);
            return;
        }
        if (request.Token != Token)
        {
            await WriteAsync(context, 401, new ApiError { Code = "invalid_token", Message = "the enrollment token is unknown, used or expired" });
            return;
        }
        await IssueAsync(context, request.CsrPem);
    }

    private async Task RenewAsync(HttpContext context)
    {
        var client = await context.Connection.GetClientCertificateAsync();
        if (await RefuseAsync(context, client))
        {
            return;
        }
        _renewals.Enqueue(client!.SerialNumber);
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, ProtocolJsonContext.Default.RenewRequest);
        await IssueAsync(context, request!.CsrPem);
    }

    private async Task IssueAsync(HttpContext context, string csrPem)
    {
        using var issued = Ca.SignClient(csrPem, AgentId, CertificateLifetime);
        var response = new CertificateResponse
        {
            AgentId = AgentId,
            CertificatePem = issued.ExportCertificatePem() + "\n",
            CaBundlePem = CaBundlePem ?? Ca.Pem,
            TrustVersion = TrustVersion,
            RenewAfterUnixMs = RenewAfter?.Invoke().ToUnixTimeMilliseconds() ?? 0,
            Labels = new Dictionary<string, string> { ["env"] = "test" },
        };
        context.Response.Headers[AgentApi.TrustVersionHeader] = TrustVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, response, ProtocolJsonContext.Default.CertificateResponse);
    }

    private async Task IngestAsync(HttpContext context)
    {
        var client = await context.Connection.GetClientCertificateAsync();
        if (await RefuseAsync(context, client))
        {
            return;
        }
        using var raw = new MemoryStream();
        await context.Request.Body.CopyToAsync(raw);
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        var json = encoding switch
        {
            "zstd" => new ZstdSharp.Decompressor().Unwrap(raw.ToArray()).ToArray(),
            "gzip" => Gunzip(raw.ToArray()),
            _ => raw.ToArray(),
        };
        var sequence = JsonDocument.Parse(json).RootElement.GetProperty("seq").GetInt64();
        var received = new ReceivedBatch(sequence, json, encoding, context.Request.ContentType ?? "",
            context.Request.Headers[AgentApi.SchemaVersionHeader].ToString(), client!.SerialNumber, client.Subject);
        _batches.Enqueue(received);
        if (CommitDelay > TimeSpan.Zero)
        {
            await Task.Delay(CommitDelay, context.RequestAborted);
        }
        context.Response.Headers[AgentApi.TrustVersionHeader] = TrustVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (BatchAnswer(received) is { } answer)
        {
            await WriteAsync(context, answer.Status, answer.Error);
            return;
        }
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new IngestAck { Acked = sequence }, ProtocolJsonContext.Default.IngestAck);
    }

    /// <summary>No certificate, or a revoked agent: answered here, as the server's authentication middleware would.</summary>
    private async Task<bool> RefuseAsync(HttpContext context, X509Certificate2? client)
    {
        if (client is null)
        {
            await WriteAsync(context, 401, new ApiError { Code = "client_certificate_required", Message = "this endpoint needs the agent's certificate" });
            return true;
        }
        var agent = client.GetNameInfo(X509NameType.SimpleName, false);
        if (Revoked.ContainsKey(agent))
        {
            await WriteAsync(context, 403, new ApiError { Code = "agent_revoked", Message = $"agent {agent} was revoked by an operator" });
            return true;
        }
        return false;
    }

    private static async Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, error, ProtocolJsonContext.Default.ApiError);
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
