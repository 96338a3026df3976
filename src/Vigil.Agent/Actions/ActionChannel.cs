using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions;

/// <summary>
/// The agent's end of remote actions: a long poll to the server over the agent's own mutual-TLS identity
/// (<see cref="ActionApi.PollPath"/>), held open up to <see cref="ActionApi.MaxWaitSeconds"/> and answered the moment
/// an action is queued, so an action reaches a connected agent in one round trip and the host opens no port. Each
/// envelope runs through <see cref="ActionExecutor"/> on its own task and its result is posted back (retried with
/// backoff until the action expires). Failures back off with jitter; a server that refuses the agent (revoked)
/// closes the channel until the identity on disk changes. A renewal (new certificate on disk) is picked up between polls.
/// </summary>
public sealed partial class ActionChannel(IdentityStore store, AgentOptions options, string configPath, EnvironmentProxy? proxy, TimeProvider time, Random random, ILogger logger)
{
    private Session? _session;

    /// <summary>The compliance schedule run-policy evaluates through; null when the daemon runs none.</summary>
    public Compliance.ComplianceScheduler? Compliance { get; init; }

    public async Task RunAsync(CancellationToken stop)
    {
        using var nonces = NonceStore.Open(Path.Combine(options.StateDirectory, "actions"), time.GetUtcNow());
        var privilegedProblem = ConfigFileGuard.Problem(configPath);
        var context = new ActionContext(options, configPath, time, privilegedProblem is null) { Compliance = Compliance };
        if (privilegedProblem is not null && options.Actions.Allow.Any(a => ActionCatalog.Find(a)?.Privileged == true))
        {
            LogPrivilegedDisabled(privilegedProblem);
        }
        var running = new List<Task>();
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var session = CurrentSession(context, nonces);
                    var poll = await session.PollAsync(stop).ConfigureAwait(false);
                    if (failures > 0)
                    {
                        LogConnected(failures);
                    }
                    failures = 0;
                    running.RemoveAll(t => t.IsCompleted);
                    foreach (var envelope in poll.Actions)
                    {
                        running.Add(Task.Run(() => HandleAsync(session, envelope, stop), CancellationToken.None));
                    }
                }
                catch (ChannelRefusedException e)
                {
                    LogCutOff(e.Message);
                    await WaitForNewIdentityAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (!stop.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException or InvalidDataException or CryptographicException or System.Text.Json.JsonException)
                {
                    failures++;
                    var delay = ChannelBackoff.Delay(failures, random);
                    LogPollFailed(failures, delay.TotalSeconds, e.Message);
                    await Task.Delay(delay, time, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        _session?.Dispose();
    }

    private Session CurrentSession(ActionContext context, NonceStore nonces)
    {
        var written = store.LastWriteUtc;
        if (_session is { } current && current.IdentityWrittenAt == written)
        {
            return current;
        }
        var identity = store.Load() ?? throw new InvalidDataException($"{store.Directory} holds no identity: enroll first");
        var fresh = new Session(identity, written, options, proxy, context, nonces, logger);
        _session?.Retire();
        _session = fresh;
        return fresh;
    }

    private async Task WaitForNewIdentityAsync(CancellationToken stop)
    {
        var refusedWith = store.LastWriteUtc;
        while (!stop.IsCancellationRequested && store.LastWriteUtc == refusedWith)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), time, stop).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Session session, ActionEnvelope envelope, CancellationToken stop)
    {
        ActionResult result;
        try
        {
            result = await session.Executor.ExecuteAsync(envelope, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        // The result is posted until the server takes it or says it never will; past a few minutes of failures it is given up (the action shows as expired).
        for (var attempt = 1; attempt <= 8 && !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                var target = _session ?? session;
                if (await target.PostAsync(result, stop).ConfigureAwait(false))
                {
                    return;
                }
                LogResultRejected(envelope.DeliveryId);
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException or ObjectDisposedException)
            {
                var delay = ChannelBackoff.Delay(attempt, random);
                LogPostFailed(envelope.DeliveryId, attempt, e.Message);
                try
                {
                    await Task.Delay(delay, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One identity's connection: its HTTP client, pinned key and executor. Retired (not disposed at once) when a renewal replaces it, so in-flight posts finish.</summary>
    private sealed class Session : IDisposable
    {
        private readonly HttpClient _client;
        private readonly Uri _poll;
        private readonly Uri _results;
        private readonly ClientIdentity _identity;
        private readonly ECDsa? _key;

        public Session(ClientIdentity identity, DateTime writtenAt, AgentOptions options, EnvironmentProxy? proxy, ActionContext context, NonceStore nonces, ILogger logger)
        {
            _identity = identity;
            IdentityWrittenAt = writtenAt;
            var server = options.Server.Url ?? identity.Enrollment.ServerUrl;
            _poll = ServerUrl.Resolve(server, ActionApi.PollPath + "?wait=" + ActionApi.MaxWaitSeconds.ToString(CultureInfo.InvariantCulture));
            _results = ServerUrl.Resolve(server, ActionApi.ResultsPath);
            _client = ServerHttp.Create(ServerTrust.Roots(identity.CaBundle), identity.Certificate, proxy, options.Server.Timeout + TimeSpan.FromSeconds(ActionApi.MaxWaitSeconds));
            _key = identity.Enrollment.ActionKeyPem is { } pem ? ActionSignature.ImportPublicKey(pem) : null;
            Executor = new ActionExecutor(new ActionVerifier(_key, identity.Enrollment.AgentId, options.Actions, nonces, context.Time), context, options.Pipeline.RedactPatterns, logger);
        }

        public DateTime IdentityWrittenAt { get; }
        public ActionExecutor Executor { get; }

        public async Task<ActionPoll> PollAsync(CancellationToken cancellationToken)
        {
            using var response = await _client.GetAsync(_poll, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var error = await ServerErrors.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                throw new ChannelRefusedException($"{(int)response.StatusCode} {error.Code}: {error.Message}");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"the server answered the action poll with {(int)response.StatusCode}", null, response.StatusCode);
            }
            return await response.Content.ReadFromJsonAsync(ActionJsonContext.Default.ActionPoll, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("empty action poll");
        }

        /// <summary>True when the server stored the result; false when it refused it for good (not this agent's delivery).</summary>
        public async Task<bool> PostAsync(ActionResult result, CancellationToken cancellationToken)
        {
            using var content = JsonContent.Create(result, ActionJsonContext.Default.ActionResult);
            using var response = await _client.PostAsync(_results, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                return false;
            }
            throw new HttpRequestException($"the server answered a result with {(int)response.StatusCode}", null, response.StatusCode);
        }

        public void Retire()
        {
            // In-flight posts may still use the old client; give them time, then let the GC have it.
            _ = Task.Delay(TimeSpan.FromMinutes(2)).ContinueWith(_ => Dispose(), TaskScheduler.Default);
        }

        public void Dispose()
        {
            _client.Dispose();
            _identity.Dispose();
            _key?.Dispose();
            Executor.Dispose();
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "privileged actions are disabled: {Problem}")]
    private partial void LogPrivilegedDisabled(string problem);

    [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "action channel connected again after {Failures} failures")]
    private partial void LogConnected(int failures);

    [LoggerMessage(EventId = 712, Level = LogLevel.Error, Message = "the server refuses this agent on the action channel ({Reason}); closed until the agent is enrolled again")]
    private partial void LogCutOff(string reason);

    [LoggerMessage(EventId = 713, Level = LogLevel.Warning, Message = "action poll failed ({Failures} in a row), retrying in {Seconds:0.0} s: {Problem}")]
    private partial void LogPollFailed(int failures, double seconds, string problem);

    [LoggerMessage(EventId = 714, Level = LogLevel.Warning, Message = "posting the result of delivery {DeliveryId} failed (attempt {Attempt}): {Problem}")]
    private partial void LogPostFailed(long deliveryId, int attempt, string problem);

    [LoggerMessage(EventId = 715, Level = LogLevel.Warning, Message = "the server refused the result of delivery {DeliveryId} (not a delivery this agent holds)")]
    private partial void LogResultRejected(long deliveryId);
}
