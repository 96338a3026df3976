using System.Net;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Vigil.Protocol;

namespace Vigil.Agent.Channel;

/// <summary>Turns what went wrong talking to the server into something a person can act on.</summary>
public static class ServerErrors
{
    /// <summary>
    /// The <see cref="ApiError"/> in an error response; a body that is not one (a proxy's or load balancer's page)
    /// becomes <c>http_STATUS</c> with the start of the body as the message.
    /// </summary>
    public static async Task<ApiError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ApiError) is { Code.Length: > 0 } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
        }
        var text = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200))).ReplaceLineEndings(" ").Trim();
        return new ApiError
        {
            Code = $"http_{(int)response.StatusCode}",
            Message = text.Length > 0 ? text : response.ReasonPhrase ?? response.StatusCode.ToString(),
        };
    }

    /// <summary>A transport failure (refused connection, TLS refusal, proxy refusal, timeout) as one sentence naming the server.</summary>
    public static string Describe(Exception e, Uri server, ServerTrust trust, EnvironmentProxy? proxy, TimeSpan timeout)
    {
        if (e is TaskCanceledException or TimeoutException)
        {
            return $"no answer from {server} within {ConfigUnits.FormatDuration(timeout)}";
        }
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } tunnel)
        {
            var status = tunnel.StatusCode is { } s ? $"{(int)s} {s}" : tunnel.Message;
            var hint = tunnel.StatusCode == HttpStatusCode.ProxyAuthenticationRequired
                ? proxy?.Credentials is null
                    ? "; the proxy wants credentials: set HTTPS_PROXY to http://user:password@host:port"
                    : "; the proxy refused the credentials in HTTPS_PROXY"
                : "";
            return $"the proxy {proxy?.Address.ToString() ?? ""} refused to connect to {server.Authority} ({status}){hint}";
        }
        if (Find<AuthenticationException>(e) is not null)
        {
            return trust.LastProblem is { } problem
                ? $"TLS with {server.Authority} failed: {problem}"
                : $"TLS with {server.Authority} failed: {Innermost(e).Message}";
        }
        return $"cannot reach {server}: {Innermost(e).Message}";
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
