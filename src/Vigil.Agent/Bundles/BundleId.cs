using System.Globalization;
using System.Security.Cryptography;

namespace Vigil.Agent.Bundles;

/// <summary>Bundle ids sort by time: <c>20261202T103000Z-3f9a1c</c> (UTC creation time, then 24 random bits).</summary>
public static class BundleId
{
    public static string New(DateTimeOffset created) =>
        created.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>The file name <c>vigil-agent collect</c> writes by default.</summary>
    public static string FileName(string host, string id) => $"vigil-bundle-{Safe(host)}-{id}.tar.zst";

    private static string Safe(string host) =>
        new(host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
}
