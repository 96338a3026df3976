using System.Globalization;
using System.Net;
using Vigil.Cli.Client;

namespace Vigil.Cli.Commands;

public static class ListenAddress
{
    /// <summary>Parses ADDR:PORT (IPv6 in brackets, e.g. [::1]:8443; "localhost" means 127.0.0.1).</summary>
    public static IPEndPoint Parse(string text, string option)
    {
        var normalized = text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + text[9..] : text;
        if (IPEndPoint.TryParse(normalized, out var endpoint) && endpoint.Port is > 0 and <= 65535 && normalized.Contains(':', StringComparison.Ordinal))
        {
            return endpoint;
        }
        throw new CliException(string.Create(CultureInfo.InvariantCulture, $"{option}: '{text}' is not ADDR:PORT (e.g. 127.0.0.1:8443 or [::1]:8443)"));
    }
}
