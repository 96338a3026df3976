using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Cli.Client;

/// <summary>
/// The CLI's HTTP client for the REST API. Trusts the server through the given CA bundle only (the dev CA, or the
/// production CA) — or the system roots when none is given. Every non-2xx becomes a <see cref="CliException"/> with
/// the server's reason.
/// </summary>
public sealed class VigilClient : IDisposable
{
    private readonly HttpClient _http;

    public VigilClient(ClientSettings settings)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (settings.CaCertificatePath is { } caPath)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && ChainsTo(new X509Certificate2(certificate), roots) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        }
        _http = new HttpClient(handler) { BaseAddress = settings.Address, Timeout = TimeSpan.FromSeconds(30) };
        if (settings.Token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        }
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(certificate);
    }

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonNode> PostAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonNode> PutAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonNode> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Streams a GET's body into <paramref name="destination"/> (a download); returns the bytes written.</summary>
    public async Task<long> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {_http.BaseAddress}: {e.InnerException?.Message ?? e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new CliException(TryReason(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var before = destination.CanSeek ? destination.Position : 0;
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            return destination.CanSeek ? destination.Position - before : -1;
        }
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body, CliJson.Options), System.Text.Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {_http.BaseAddress}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"{_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var reason = TryReason(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
                throw new CliException(response.StatusCode == HttpStatusCode.Unauthorized
                    ? $"{reason} (pass --token or set VIGIL_TOKEN)"
                    : reason);
            }
            return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
        }
    }

    private static string? TryReason(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["message"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
