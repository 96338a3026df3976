namespace Vigil.Agent.Bundles.Upload;

/// <summary>The server refused the upload for good (the agent is not enrolled there, revoked, or the bundle is invalid); retrying will not help.</summary>
public sealed class BundleUploadException(string message, Exception? inner = null) : Exception(message, inner);
