using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Agent.Actions;
using Vigil.Agent.Channel;
using Vigil.Protocol.Actions;

namespace Vigil.ActionBench;

/// <summary>
/// One enrolled agent's action channel as the real agent runs it: the long poll over its own client certificate, the
/// real <see cref="ActionVerifier"/> (pinned-key signature, target, expiry, a durable nonce record), and a result
/// posted back. It answers with a fixed small result instead of running the action, so what is measured is the
/// channel and the server, not the action.
/// </summary>
public sealed class SimulatedActionAgent(ClientIdentity identity, Uri server, string stateDirectory) : IDisposable
{
    private readonly HttpClient _client = ServerHttp.Create(ServerTrust.Roots(identity.CaBundle), identity.Certificate, null, TimeSpan.FromSeconds(60));
    private readonly ECDsa _key = ActionSignature.ImportPublicKey(identity.Enrollment.ActionKeyPem ?? throw new InvalidOperationException("no action key pinned"));
    private readonly NonceStore _nonces = NonceStore.Open(stateDirectory, TimeProvider.System.GetUtcNow());
    private readonly Uri _poll = new(server, ActionApi.PollPath + "?wait=" + ActionApi.MaxWaitSeconds.ToString(CultureInfo.InvariantCulture));
    private readonly Uri _results = new(server, ActionApi.ResultsPath);

    private int _answered;
    private int _refused;
    private int _errors;

    public int Answered => Volatile.Read(ref _answered);
    public int Refused => Volatile.Read(ref _refused);
    public int Errors => Volatile.Read(ref _errors);
    public TaskCompletionSource Polling { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(CancellationToken stop)
    {
        var verifier = new ActionVerifier(_key, identity.Enrollment.AgentId, new ActionsOptions(), _nonces, TimeProvider.System);
        using var output = JsonDocument.Parse("""{"name":"localhost","addresses":["127.0.0.1"],"elapsed_ms":0.1}""");
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var request = _client.GetFromJsonAsync(_poll, ActionJsonContext.Default.ActionPoll, stop);
                Polling.TrySetResult();
                var poll = await request.ConfigureAwait(false);
                foreach (var envelope in poll!.Actions)
                {
                    var (action, refusal) = verifier.Verify(envelope);
                    var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
                    var result = action is null
                        ? new ActionResult { DeliveryId = envelope.DeliveryId, Outcome = ActionOutcome.Refused, Code = refusal!.Code, Error = refusal.Reason, StartedAtUnixMs = now, FinishedAtUnixMs = now }
                        : new ActionResult { DeliveryId = envelope.DeliveryId, ActionId = action.Payload.ActionId, Outcome = ActionOutcome.Succeeded, Output = output.RootElement.Clone(), StartedAtUnixMs = now, FinishedAtUnixMs = now };
                    _ = Post(result, stop);
                    if (action is null)
                    {
                        Interlocked.Increment(ref _refused);
                    }
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _errors);
                await Task.Delay(TimeSpan.FromMilliseconds(500 + Random.Shared.Next(1000)), stop).ConfigureAwait(false);
            }
        }
    }

    private async Task Post(ActionResult result, CancellationToken stop)
    {
        using var response = await _client.PostAsJsonAsync(_results, result, ActionJsonContext.Default.ActionResult, stop).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref _answered);
        }
        else
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _key.Dispose();
        _nonces.Dispose();
        identity.Dispose();
    }
}
