namespace Vigil.Agent.Configuration;

/// <summary>How batch bodies are compressed on the way to the server (HTTP <c>Content-Encoding</c>).</summary>
public enum ServerCompression
{
    /// <summary>zstd: about gzip's ratio on telemetry JSON at a fraction of its CPU. The default.</summary>
    Zstd,
    /// <summary>gzip, for a server or proxy that does not know zstd.</summary>
    Gzip,
    /// <summary>No compression (debugging with a capture tool).</summary>
    None,
}
