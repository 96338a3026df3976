using System.Globalization;

namespace Vigil.Server.Compliance.Export;

/// <summary>Times as every export writes them: UTC, to the second, fractions only when there are any, with a Z.</summary>
public static class ReportTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
