using System.Net;
using System.Net.Http.Json;
using Vigil.Protocol;

namespace Vigil.Agent.Channel;

/// <summary>
/// Enrollment and renewal: a fresh key pair made here, its CSR sent, the signed certificate and CA bundle checked and
/// assembled into a <see cref="ClientIdentity"/> (not yet saved: the caller decides, so a failed check leaves the old
/// identity on disk).
/// </summary>
public static class EnrollmentClient
{
    public static async Task<ClientIdentity> EnrollAsync(EnrollmentRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var signing = SigningRequest.Create(request.Hostname);
        var body = new EnrollRequest
        {
            Token = request.Token,
            CsrPem = signing.CsrPem,
            Hostname = request.Hostname,
            MachineId = request.MachineId,
            AgentVersion = ServerHttp.AgentVersion,
        };
        var trust = request.Trust.Pin is { } pinned
            ? await CaDiscovery.TrustPinnedAsync(request.Server, pinned, request.Proxy, request.Timeout, cancellationToken).ConfigureAwait(false) ?? request.Trust
            : request.Trust;
        using var client = ServerHttp.Create(trust, clientCertificate: null, request.Proxy, request.Timeout);
        var url = Configuration.ServerUrl.Resolve(request.Server, AgentApi.EnrollPath);
        using var content = JsonContent.Create(body, ProtocolJsonContext.Default.EnrollRequest);
        var response = await SendAsync(client, url, content, request with { Trust = trust }, cancellationToken).ConfigureAwait(false);
        var identity = Assemble(response, signing, request.Server, previous: null, time);
        if (request.Trust.Pin is { } pin && !identity.CaBundle.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>().Any(pin.Matches))
        {
            identity.Dispose();
            throw new EnrollmentException($"the server's CA bundle does not contain the pinned CA {pin}; refusing to trust it");
        }
        return identity;
    }

    /// <summary>Renews <paramref name="current"/> over <paramref name="client"/>, which presents the current certificate.</summary>
    public static async Task<ClientIdentity> RenewAsync(HttpClient client, Uri server, ClientIdentity current, TimeProvider time, CancellationToken cancellationToken)
    {
        var signing = SigningRequest.Create(current.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false));
        using var content = JsonContent.Create(new RenewRequest { CsrPem = signing.CsrPem }, ProtocolJsonContext.Default.RenewRequest);
        using var response = await client.PostAsync(Configuration.ServerUrl.Resolve(server, AgentApi.RenewPath), content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ServerErrors.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw new EnrollmentException($"the server refused to renew the certificate ({(int)response.StatusCode} {error.Code}): {error.Message}") { Code = error.Code };
        }
        var issued = await ReadCertificateAsync(response, cancellationToken).ConfigureAwait(false);
        if (issued.AgentId != current.Enrollment.AgentId)
        {
            throw new EnrollmentException($"the renewal answered for agent {issued.AgentId}, not {current.Enrollment.AgentId}; keeping the current certificate");
        }
        return Assemble(issued, signing, current.Enrollment.ServerUrl, current.Enrollment, time);
    }

    private static async Task<CertificateResponse> SendAsync(HttpClient client, Uri url, HttpContent content, EnrollmentRequest request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EnrollmentException(ServerErrors.Describe(e, request.Server, request.Trust, request.Proxy, request.Timeout), e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await ServerErrors.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                var what = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => "the server refused the enrollment token",
                    HttpStatusCode.Forbidden => "the server does not allow this enrollment",
                    HttpStatusCode.Conflict => "the server refused the enrollment as a conflict",
                    HttpStatusCode.BadRequest => "the server refused the enrollment request",
                    _ => "the server could not enroll the agent",
                };
                throw new EnrollmentException($"{what} ({(int)response.StatusCode} {error.Code}): {error.Message}") { Code = error.Code };
            }
            return await ReadCertificateAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<CertificateResponse> ReadCertificateAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.CertificateResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new EnrollmentException("the server answered with an empty body instead of a certificate");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new EnrollmentException($"the server's answer is not a certificate response: {e.Message}", e);
        }
    }

    private static ClientIdentity Assemble(CertificateResponse issued, SigningRequest signing, Uri server, Enrollment? previous, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var enrollment = new Enrollment
        {
            AgentId = issued.AgentId,
            ServerUrl = server,
            TrustVersion = issued.TrustVersion,
            RenewAfter = issued.RenewAfterUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(issued.RenewAfterUnixMs) : TwoThirdsInto(issued.CertificatePem, now),
            IssuedAt = now,
            Labels = issued.Labels ?? previous?.Labels,
            // Pinned: a renewal keeps the key from enrollment whatever the server sends; only an agent enrolled
            // before the server had one learns it here, over the mutual-TLS channel.
            ActionKeyPem = previous is null ? issued.ActionKeyPem : previous.ActionKeyPem ?? issued.ActionKeyPem,
        };
        try
        {
            return ClientIdentity.FromPem(enrollment, issued.CertificatePem, signing.KeyPem, issued.CaBundlePem);
        }
        catch (InvalidDataException e)
        {
            throw new EnrollmentException($"the server's answer is unusable: {e.Message}", e);
        }
    }

    /// <summary>A server that sent no renew_after: renew two thirds into the certificate's lifetime, as the contract suggests.</summary>
    private static DateTimeOffset TwoThirdsInto(string certificatePem, DateTimeOffset now)
    {
        try
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificatePem);
            var from = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var to = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            return from + ((to - from) * 2 / 3);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return now; // FromPem reports the unreadable certificate next
        }
    }
}
