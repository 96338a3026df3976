using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Channel;

/// <summary>
/// A CA certificate named by the SHA-256 of its DER encoding, written <c>sha256:</c> + 64 lowercase hex digits: how an
/// operator tells a not-yet-enrolled agent which server to trust without copying a file to every host.
/// </summary>
public sealed record CaPin
{
    private const string Prefix = "sha256:";

    private CaPin(string hex)
    {
        Hex = hex;
    }

    /// <summary>The 64 lowercase hex digits.</summary>
    public string Hex { get; }

    public static bool TryParse(string text, out CaPin pin, out string problem)
    {
        pin = null!;
        var s = text.Trim();
        if (!s.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"'{text}' is not a CA pin; expected sha256: followed by 64 hex digits";
            return false;
        }
        var hex = s[Prefix.Length..].Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            problem = $"'{text}' is not a CA pin; expected sha256: followed by 64 hex digits, found {hex.Length} characters";
            return false;
        }
        pin = new CaPin(hex);
        problem = "";
        return true;
    }

    public static CaPin Of(X509Certificate2 certificate) => new(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)));

    public bool Matches(X509Certificate2 certificate) => Of(certificate).Hex == Hex;

    public override string ToString() => Prefix + Hex;
}
