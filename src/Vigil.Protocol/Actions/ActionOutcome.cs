using System.Text.Json.Serialization;

namespace Vigil.Protocol.Actions;

/// <summary>How an action ended on a host.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionOutcome>))]
public enum ActionOutcome
{
    /// <summary>It ran and produced its result.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    /// <summary>It ran and failed (the error says why); a privileged change was rolled back where it could be.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>The agent would not run it: signature, target, expiry, nonce, allowlist or parameters (the error names which).</summary>
    [JsonStringEnumMemberName("refused")] Refused,
}
