namespace Vigil.Server.Web;

/// <summary>One embedded dashboard file, ready to send: its bytes, media type and strong ETag.</summary>
internal sealed record DashboardAsset(string Path, byte[] Content, string ContentType, string ETag);
