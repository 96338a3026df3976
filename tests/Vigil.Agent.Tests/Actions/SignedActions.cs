using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Agent.Actions;
using Vigil.Agent.Configuration;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Tests.Actions;

/// <summary>
/// Actions as the server sends them: a payload for this agent, signed with a server key the executor pins, in an
/// envelope, run through a real <see cref="ActionExecutor"/> built from an agent.yaml on disk. The nonce memory
/// lives in the given state folder, so a replay is refused as it would be on a host.
/// </summary>
public sealed class SignedActions : IDisposable
{
    /// <summary>The agent id every payload targets and every verifier answers to.</summary>
    public const string Me = "agt_0123456789abcdef0123";
    private readonly NonceStore _nonces;

    public SignedActions(string stateDirectory)
    {
        _nonces = NonceStore.Open(stateDirectory, TimeProvider.System.GetUtcNow());
    }

    /// <summary>The server's signing key, pinned by every executor made here.</summary>
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>An executor for the agent configured by <paramref name="configPath"/>, privileged actions allowed only when its mode keeps others out.</summary>
    public ActionExecutor Executor(string configPath)
    {
        var options = AgentConfigLoader.Load(configPath, mustExist: true);
        var context = new ActionContext(options, configPath, TimeProvider.System, ConfigFileGuard.Problem(configPath) is null);
        return new ActionExecutor(new ActionVerifier(Key, Me, options.Actions, _nonces, TimeProvider.System), context, [], NullLogger.Instance);
    }

    /// <summary>Signs <paramref name="action"/> with <paramref name="parameters"/>, valid from now for five minutes, and runs it.</summary>
    public Task<ActionResult> RunAsync(ActionExecutor executor, string action, Dictionary<string, string> parameters) =>
        executor.ExecuteAsync(Envelope(Key, Payload(TimeProvider.System.GetUtcNow(), action, parameters), deliveryId: 7), CancellationToken.None);

    /// <summary>A payload issued at <paramref name="issued"/> with a fresh nonce unless one is given.</summary>
    public static byte[] Payload(DateTimeOffset issued, string action, Dictionary<string, string> parameters, string target = Me, TimeSpan? lifetime = null, string? nonce = null, string actionId = "act_t") =>
        JsonSerializer.SerializeToUtf8Bytes(new ActionPayload
        {
            Version = 1,
            ActionId = actionId,
            Target = target,
            Action = action,
            Parameters = parameters,
            Nonce = nonce ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            IssuedAtUnixMs = issued.ToUnixTimeMilliseconds(),
            ExpiresAtUnixMs = (issued + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeMilliseconds(),
        }, ActionJsonContext.Default.ActionPayload);

    public static ActionEnvelope Envelope(ECDsa key, byte[] payload, long deliveryId) =>
        new() { DeliveryId = deliveryId, Payload = payload, Signature = ActionSignature.Sign(key, payload) };

    public void Dispose()
    {
        _nonces.Dispose();
        Key.Dispose();
    }
}
