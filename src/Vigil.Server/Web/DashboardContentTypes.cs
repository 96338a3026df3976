namespace Vigil.Server.Web;

/// <summary>Media types of the file kinds the dashboard ships; anything else is served as opaque bytes.</summary>
internal static class DashboardContentTypes
{
    public static string Of(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".json" => "application/json",
        ".webmanifest" => "application/manifest+json",
        ".woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
}
