using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>
/// 200 from <see cref="AgentApi.BatchesPath"/>: the batch is committed. A resend of a sequence the server already
/// holds gets 409 <c>duplicate</c> and a sequence below the server's last one gets 409 <c>out_of_order</c>
/// (<see cref="ApiError"/>); in both cases the server will never store it again, so the agent deletes it too.
/// </summary>
public sealed record IngestAck
{
    [JsonPropertyName("acked")] public long Acked { get; init; }
}
