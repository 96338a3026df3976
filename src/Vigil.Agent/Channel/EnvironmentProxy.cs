using System.Net;

namespace Vigil.Agent.Channel;

/// <summary>
/// The proxy the environment names, as curl and most Linux tools read it: <c>HTTPS_PROXY</c> (or <c>https_proxy</c>)
/// for https URLs, optionally with <c>user:password@</c> for Basic proxy authentication, and <c>NO_PROXY</c> (or
/// <c>no_proxy</c>): a comma-separated list of host names, domain suffixes (<c>.example.com</c> or
/// <c>example.com</c>, which covers its sub-domains), IP addresses, optionally with <c>:port</c>, or <c>*</c> for all.
/// Spelled out here rather than left to HttpClient's default so the agent's behaviour is documented, tested and the
/// same under NativeAOT.
/// </summary>
public sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri _proxy;
    private readonly string[] _bypass;

    private EnvironmentProxy(Uri proxy, NetworkCredential? credentials, string[] bypass)
    {
        _proxy = proxy;
        Credentials = credentials;
        _bypass = bypass;
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy's address without credentials, for messages.</summary>
    public Uri Address => _proxy;

    /// <summary>Reads the proxy from <paramref name="environment"/> (a lookup such as <see cref="Environment.GetEnvironmentVariable(string)"/>); null when none is set.</summary>
    /// <exception cref="FormatException">HTTPS_PROXY is set but is not a proxy URL.</exception>
    public static EnvironmentProxy? From(Func<string, string?> environment)
    {
        var text = NonEmpty(environment("HTTPS_PROXY")) ?? NonEmpty(environment("https_proxy"));
        if (text is null)
        {
            return null;
        }
        // curl accepts a bare host:port; so does the agent.
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var url) || url.Host.Length == 0 || url.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"HTTPS_PROXY '{Redacted(text)}' is not a proxy URL such as http://proxy.example.com:3128");
        }
        NetworkCredential? credentials = null;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            var password = colon < 0 ? "" : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            credentials = new NetworkCredential(user, password);
        }
        var address = new UriBuilder(url.Scheme, url.Host, url.Port).Uri;
        var bypass = (NonEmpty(environment("NO_PROXY")) ?? NonEmpty(environment("no_proxy")) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant())
            .ToArray();
        return new EnvironmentProxy(address, credentials, bypass);
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : _proxy;

    public bool IsBypassed(Uri host)
    {
        var name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
        foreach (var entry in _bypass)
        {
            if (entry == "*")
            {
                return true;
            }
            var (pattern, port) = SplitPort(entry);
            if (port is { } p && p != host.Port)
            {
                continue;
            }
            var suffix = pattern.TrimStart('*').TrimStart('.');
            if (name == suffix || name.EndsWith("." + suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static (string Host, int? Port) SplitPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            var host = close < 0 ? entry.Trim('[') : entry[1..close];
            return (host, close >= 0 && close + 1 < entry.Length && entry[close + 1] == ':' && int.TryParse(entry[(close + 2)..], System.Globalization.CultureInfo.InvariantCulture, out var p6) ? p6 : null);
        }
        var colon = entry.LastIndexOf(':');
        // One colon is host:port; more are an IPv6 address without brackets.
        return colon > 0 && entry.IndexOf(':', StringComparison.Ordinal) == colon && int.TryParse(entry[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (entry[..colon], port)
            : (entry, null);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The URL with any password replaced, for error messages and logs.</summary>
    private static string Redacted(string text)
    {
        var at = text.LastIndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? text : text[..(scheme < 0 ? 0 : scheme + 3)] + "[REDACTED]" + text[at..];
    }
}
