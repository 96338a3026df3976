using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Auth;

/// <summary>
/// Bearer secrets: <c>vgl_{kind}_{id}_{secret}</c>, kind <c>a</c> (API) or <c>e</c> (enrollment). The id is public and
/// indexes the stored row; only SHA-256 of the secret is stored, compared in constant time.
/// </summary>
public sealed record TokenSecret(char Kind, string Id, string Secret)
{
    public const char ApiKind = 'a';
    public const char EnrollmentKind = 'e';

    public static TokenSecret New(char kind) => new(kind, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), Base64Url(RandomNumberGenerator.GetBytes(32)));

    public override string ToString() => $"vgl_{Kind}_{Id}_{Secret}";

    public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes(Secret));

    public bool Matches(byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(), storedHash);

    public static bool TryParse(string? text, char expectedKind, out TokenSecret token)
    {
        token = null!;
        if (text is null || text.Length < 10 || !text.StartsWith("vgl_", StringComparison.Ordinal) || text[4] != expectedKind || text[5] != '_')
        {
            return false;
        }
        var rest = text[6..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        if (split <= 0 || split == rest.Length - 1)
        {
            return false;
        }
        token = new TokenSecret(expectedKind, rest[..split], rest[(split + 1)..]);
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
