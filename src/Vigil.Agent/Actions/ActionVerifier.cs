using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions;

/// <summary>
/// The agent's gate: nothing runs unless every check passes, in this order: a signature by the pinned key over the
/// exact payload bytes, a payload this agent understands, addressed to this agent, inside its validity window (with a
/// bounded lifetime), an action this host's allowlist names, parameters valid for the action, and a nonce never seen
/// before (recorded durably before the action runs). Only the first failure is reported.
/// </summary>
public sealed class ActionVerifier(ECDsa? pinnedKey, string agentId, ActionsOptions options, NonceStore nonces, TimeProvider time)
{
    /// <summary>The longest validity an envelope may claim; the server's maximum expiry is the same.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    public (VerifiedAction? Action, Refusal? Refusal) Verify(ActionEnvelope envelope)
    {
        if (pinnedKey is null)
        {
            return Refuse(RefusalCodes.NoPinnedKey, "this agent holds no pinned action key (it enrolled with a server that had none); enroll again to accept actions");
        }
        if (envelope.Signature is not { Length: > 0 } signature)
        {
            return Refuse(RefusalCodes.Unsigned, "the action carries no signature");
        }
        if (!ActionSignature.Verify(pinnedKey, envelope.Payload, signature))
        {
            return Refuse(RefusalCodes.BadSignature, $"the signature does not verify with the pinned action key {ActionSignature.KeyIdOf(pinnedKey)} (envelope says {envelope.KeyId ?? "no key"})");
        }
        ActionPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(envelope.Payload, ActionJsonContext.Default.ActionPayload);
        }
        catch (JsonException e)
        {
            return Refuse(RefusalCodes.Malformed, $"the signed payload is not an action: {e.Message.Split(" Path:")[0]}");
        }
        if (payload is null || payload.Version != ActionPayload.CurrentVersion)
        {
            return Refuse(RefusalCodes.Malformed, $"payload version {payload?.Version} is not {ActionPayload.CurrentVersion}");
        }
        if (payload.Target != agentId)
        {
            return Refuse(RefusalCodes.WrongTarget, $"the action is for agent {payload.Target}, this is {agentId}");
        }
        var now = time.GetUtcNow();
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(payload.IssuedAtUnixMs);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(payload.ExpiresAtUnixMs);
        if (expires <= now)
        {
            return Refuse(RefusalCodes.Expired, $"the action expired at {expires:u} (now {now:u})");
        }
        if (issued > now + options.MaxClockSkew)
        {
            return Refuse(RefusalCodes.NotYetValid, $"the action is issued at {issued:u}, ahead of this host's clock ({now:u}) by more than {options.MaxClockSkew}");
        }
        if (expires - issued > MaxLifetime)
        {
            return Refuse(RefusalCodes.LifetimeTooLong, $"the action claims validity for {expires - issued}, more than {MaxLifetime}");
        }
        var definition = ActionCatalog.Find(payload.Action);
        if (definition is null)
        {
            return Refuse(RefusalCodes.UnknownAction, $"'{payload.Action}' is not an action this agent knows");
        }
        if (!options.Allows(definition.Name))
        {
            return Refuse(RefusalCodes.NotAllowed, $"{definition.Name} is not in this host's allowlist (actions.allow in agent.yaml)");
        }
        var (parameters, problem) = definition.Bind(payload.Parameters);
        if (parameters is null)
        {
            return Refuse(RefusalCodes.BadParameters, problem!);
        }
        if (payload.Nonce is not { Length: >= 16 and <= 128 } nonce || !nonce.All(char.IsAsciiHexDigit))
        {
            return Refuse(RefusalCodes.Malformed, "the nonce is not 16 to 128 hex characters");
        }
        if (!nonces.TryRecord(nonce, expires, now))
        {
            return Refuse(RefusalCodes.Replayed, $"nonce {nonce} was seen before: a replayed action");
        }
        return (new VerifiedAction(payload, definition, parameters), null);
    }

    private static (VerifiedAction?, Refusal?) Refuse(string code, string reason) => (null, new Refusal(code, reason));
}
