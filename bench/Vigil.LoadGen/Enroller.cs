using System.Net.Http.Headers;
using System.Net.Http.Json;
using Vigil.Agent.Channel;
using Vigil.Protocol;

namespace Vigil.LoadGen;

/// <summary>
/// Enrolls simulated agents the way <c>vigil-agent enroll</c> does: an enrollment token from the admin API, a fresh
/// ECDSA key and CSR per agent (<see cref="SigningRequest"/>), <c>POST /v1/agent/enroll</c>, and the answer checked by
/// assembling a <see cref="ClientIdentity"/>. Several at a time, saved in the cache as they complete.
/// </summary>
public sealed class Enroller(HttpClient client, Uri server, string adminToken, string caBundlePem)
{
    private const int Parallel = 8;

    public async Task EnrollMissingAsync(IdentityCache cache, int wanted, CancellationToken cancellationToken)
    {
        var missing = wanted - cache.Identities.Count;
        if (missing <= 0)
        {
            return;
        }
        Console.Error.WriteLine($"enrolling {missing} agents ({cache.Identities.Count} cached)");
        var next = cache.Identities.Count;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (cache.Identities.Count < wanted)
        {
            var chunk = Enumerable.Range(next, Math.Min(200, wanted - next)).ToList();
            var enrolled = new CachedIdentity[chunk.Count];
            await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, chunk.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
                async (i, ct) => enrolled[i] = await EnrollOneAsync(HostnameOf(chunk[i]), ct).ConfigureAwait(false)).ConfigureAwait(false);
            cache.Append(enrolled);
            next += chunk.Count;
            Console.Error.WriteLine($"  {cache.Identities.Count}/{wanted} enrolled ({System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");
        }
    }

    public static string HostnameOf(int index) => $"load-{index + 1:D5}";

    private async Task<CachedIdentity> EnrollOneAsync(string hostname, CancellationToken cancellationToken)
    {
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/api/v1/enrollment-tokens"))
        {
            Content = new StringContent("""{"labels":{"bench":"load"},"ttl":"1h"}""", MediaTypeHeaderValue.Parse("application/json")),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var tokenResponse = await client.SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(tokenResponse, "creating an enrollment token", cancellationToken).ConfigureAwait(false);
        var token = (await tokenResponse.Content.ReadFromJsonAsync(LoadJsonContext.Default.EnrollmentTokenAnswer, cancellationToken).ConfigureAwait(false))!.Token;

        var signing = SigningRequest.Create(hostname);
        var body = new EnrollRequest { Token = token, CsrPem = signing.CsrPem, Hostname = hostname, MachineId = null, AgentVersion = "loadgen" };
        using var content = JsonContent.Create(body, ProtocolJsonContext.Default.EnrollRequest);
        using var response = await client.PostAsync(new Uri(server, AgentApi.EnrollPath), content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"enrolling {hostname}", cancellationToken).ConfigureAwait(false);
        var issued = (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.CertificateResponse, cancellationToken).ConfigureAwait(false))!;
        var enrollment = new Enrollment { AgentId = issued.AgentId, ServerUrl = server, TrustVersion = issued.TrustVersion, RenewAfter = DateTimeOffset.FromUnixTimeMilliseconds(issued.RenewAfterUnixMs) };
        // Assembling the identity checks that the certificate belongs to the key, as the agent does before saving it.
        using (ClientIdentity.FromPem(enrollment, issued.CertificatePem, signing.KeyPem, caBundlePem))
        {
        }
        return new CachedIdentity { AgentId = issued.AgentId, Hostname = hostname, KeyPem = signing.KeyPem, CertificatePem = issued.CertificatePem };
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{what}: the server answered {(int)response.StatusCode}: {text}");
        }
    }

    /// <summary>A keep-alive client for the admin API and enrollment that trusts only the server's CA bundle.</summary>
    public static HttpClient AdminClient(ServerTrust trust, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = trust.Validate,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

}
