using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Audit;

/// <summary>
/// How an entry's hash is computed, in one place for the writer and the verifier: SHA-256 over the UTF-8 of the
/// fields, each length-prefixed so no two different entries can produce the same input.
/// </summary>
public static class AuditHash
{
    public static readonly string Genesis = new('0', 64);

    public static string Of(long sequence, DateTimeOffset at, string actor, string kind, string subject, string data, string previousHash)
    {
        var text = new StringBuilder();
        foreach (var field in new[] { "vigil-audit-v1", sequence.ToString(CultureInfo.InvariantCulture), at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), actor, kind, subject, data, previousHash })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Of(AuditEntry entry) => Of(entry.Sequence, entry.At, entry.Actor, entry.Kind, entry.Subject, entry.Data, entry.PreviousHash);
}
