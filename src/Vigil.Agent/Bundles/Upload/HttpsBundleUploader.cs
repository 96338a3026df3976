using Vigil.Agent.Configuration;

namespace Vigil.Agent.Bundles.Upload;

/// <summary>Sends bundles to the server this agent is enrolled with.</summary>
public sealed class HttpsBundleUploader
{
    // No uploader in this build yet: every caller treats null as "not enrolled" and says so.
    public static IBundleUploader? ForAgent(AgentOptions options, TimeProvider time) => null;
}
