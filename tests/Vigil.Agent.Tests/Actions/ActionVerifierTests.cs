using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Vigil.Agent.Actions;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Tests.Actions;

/// <summary>The agent's gate, check by check: a valid envelope passes once; every kind of bad one is refused with its code.</summary>
public sealed class ActionVerifierTests : IDisposable
{
    private const string Me = SignedActions.Me;
    private readonly TempHostRoot _state = new();
    private readonly ECDsa _server = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private NonceStore _nonces;

    public ActionVerifierTests()
    {
        _nonces = NonceStore.Open(_state.Root, _time.GetUtcNow());
    }

    private ActionVerifier Verifier(ECDsa? key = null, ActionsOptions? options = null) => new(key ?? _server, Me, options ?? new ActionsOptions(), _nonces, _time);

    private byte[] Payload(string target = Me, string action = "dns", Dictionary<string, string>? parameters = null, TimeSpan? issuedAgo = null, TimeSpan? lifetime = null, string? nonce = null) =>
        SignedActions.Payload(_time.GetUtcNow() - (issuedAgo ?? TimeSpan.Zero), action, parameters ?? new Dictionary<string, string> { ["name"] = "localhost" },
            target, lifetime, nonce, actionId: "act_1");

    private ActionEnvelope Signed(byte[] payload, ECDsa? by = null) => SignedActions.Envelope(by ?? _server, payload, deliveryId: 1);

    private string? Refusal(ActionEnvelope envelope, ActionVerifier? verifier = null) => (verifier ?? Verifier()).Verify(envelope).Refusal?.Code;

    [Fact]
    public void A_valid_envelope_passes_with_its_parameters_bound_and_defaults_filled()
    {
        var (action, refusal) = Verifier().Verify(Signed(Payload(action: "tail-log", parameters: new() { ["path"] = "/var/log/syslog" })));
        Assert.Null(refusal);
        Assert.Equal("100", action!.Parameters["lines"]);
    }

    [Fact]
    public void Unsigned_forged_and_tampered_envelopes_are_refused()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = Payload();
        Assert.Equal(RefusalCodes.Unsigned, Refusal(new ActionEnvelope { DeliveryId = 1, Payload = payload }));
        Assert.Equal(RefusalCodes.BadSignature, Refusal(Signed(payload, other)));
        var tampered = Signed(payload) with { Payload = Payload(parameters: new() { ["name"] = "evil.example" }) };
        Assert.Equal(RefusalCodes.BadSignature, Refusal(tampered));
        Assert.Equal(RefusalCodes.NoPinnedKey, new ActionVerifier(null, Me, new ActionsOptions(), _nonces, _time).Verify(Signed(payload)).Refusal!.Code);
    }

    [Fact]
    public void Envelopes_for_another_agent_expired_early_or_too_long_lived_are_refused()
    {
        Assert.Equal(RefusalCodes.WrongTarget, Refusal(Signed(Payload(target: "agt_ffffffffffffffffffff"))));
        Assert.Equal(RefusalCodes.Expired, Refusal(Signed(Payload(issuedAgo: TimeSpan.FromMinutes(10)))));
        Assert.Equal(RefusalCodes.NotYetValid, Refusal(Signed(Payload(issuedAgo: -TimeSpan.FromMinutes(10)))));
        Assert.Equal(RefusalCodes.LifetimeTooLong, Refusal(Signed(Payload(lifetime: TimeSpan.FromDays(2)))));
    }

    [Fact]
    public void A_replay_is_refused_also_after_the_nonce_memory_is_reopened()
    {
        var envelope = Signed(Payload());
        Assert.Null(Refusal(envelope));
        Assert.Equal(RefusalCodes.Replayed, Refusal(envelope));
        _nonces.Dispose();
        _nonces = NonceStore.Open(_state.Root, _time.GetUtcNow());
        Assert.Equal(RefusalCodes.Replayed, Refusal(envelope));
        Assert.Equal(1, _nonces.Count);
    }

    [Fact]
    public void Expired_nonces_are_forgotten_once_their_envelope_could_no_longer_pass()
    {
        Assert.Null(Refusal(Signed(Payload())));
        _time.Advance(TimeSpan.FromMinutes(6));
        _nonces.Dispose();
        _nonces = NonceStore.Open(_state.Root, _time.GetUtcNow());
        Assert.Equal(0, _nonces.Count);
    }

    [Fact]
    public void Actions_outside_the_allowlist_and_bad_parameters_are_refused_before_the_nonce_is_spent()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Assert.Equal(RefusalCodes.NotAllowed, Refusal(Signed(Payload(action: "run-command", parameters: new() { ["name"] = "x" }, nonce: nonce))));
        Assert.Equal(RefusalCodes.BadParameters, Refusal(Signed(Payload(action: "fetch-file", parameters: new() { ["path"] = "/var/log/../../etc/shadow" }))));
        Assert.Equal(RefusalCodes.BadParameters, Refusal(Signed(Payload(parameters: new() { ["name"] = "localhost", ["extra"] = "1" }))));
        Assert.Equal(RefusalCodes.UnknownAction, Refusal(Signed(Payload(action: "rm-rf"))));
        var allowed = Verifier(options: new ActionsOptions { Allow = ["run-command"] });
        Assert.Null(Refusal(Signed(Payload(action: "run-command", parameters: new() { ["name"] = "x" }, nonce: nonce)), allowed));
    }

    public void Dispose()
    {
        _nonces.Dispose();
        _server.Dispose();
        _state.Dispose();
    }
}
