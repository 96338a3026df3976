using System.Globalization;

namespace Vigil.Agent.Collectors.Certificates;

/// <summary>A TLS endpoint whose presented certificate chain is inspected.</summary>
/// <param name="Host">Host name or IP address to connect to.</param>
/// <param name="Port">TCP port.</param>
/// <param name="ServerName">
/// Name sent as SNI and checked against the certificate, when it differs from <paramref name="Host"/>
/// (e.g. connecting to 127.0.0.1 while the certificate is for example.internal).
/// </param>
public sealed record CertificateEndpoint(string Host, int Port, string? ServerName = null)
{
    /// <summary>"host:port" as configured, used as the certificate source; IPv6 literals are bracketed.</summary>
    public string Address => Host.Contains(':', StringComparison.Ordinal)
        ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The name the certificate must match.</summary>
    public string TargetHost => ServerName ?? Host;

    /// <summary>Parses "host:port", "1.2.3.4:443" or "[::1]:443".</summary>
    public static bool TryParse(string text, string? serverName, out CertificateEndpoint endpoint)
    {
        endpoint = null!;
        var s = text.AsSpan().Trim();
        var colon = s.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(s[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }
        var host = s[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return false; // an IPv6 literal needs brackets, otherwise the port is ambiguous
        }
        if (host.IsEmpty || host.ContainsAny(' ', '/'))
        {
            return false;
        }
        endpoint = new CertificateEndpoint(host.ToString(), port, string.IsNullOrWhiteSpace(serverName) ? null : serverName.Trim());
        return true;
    }
}
