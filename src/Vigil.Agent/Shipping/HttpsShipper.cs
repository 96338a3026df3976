using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Pipeline;
using Vigil.Agent.Spool;
using Vigil.Protocol;

namespace Vigil.Agent.Shipping;

/// <summary>
/// Ships batches to the Vigil server over mutual TLS, one POST per batch, oldest first, and renews the agent's
/// certificate when it is due or when the server's CA bundle changed.
/// </summary>
/// <remarks>
/// What each answer means for the batch (the spool deletes what this returns as acknowledged):
/// <list type="bullet">
/// <item>200: committed.</item>
/// <item>409 <c>duplicate</c> or <c>out_of_order</c>: the server will never store it, so it is acknowledged too;
/// <c>out_of_order</c> is logged and counted as a rejected batch.</item>
/// <item>401, 403 (<c>agent_revoked</c>, <c>unknown_agent</c>): the agent itself is refused. Shipping stops with a
/// failed health record; nothing is dropped, batches stay in the spool for an agent that is enrolled again.</item>
/// <item>408, 429, 5xx, timeouts, refused connections: the server is away; this throws and the runtime backs off.</item>
/// <item>Any other 4xx (400 malformed, 413 too large, 415, 422): this batch can never succeed. It is dropped,
/// counted, reported in health with the server's reason, and shipping goes on with the next.</item>
/// </list>
/// Renewal happens between batches, never during one, and the HTTP client is replaced only after the new identity is
/// saved, so no batch is lost or sent twice across a renewal.
/// </remarks>
public sealed partial class HttpsShipper : IBatchShipper, IDisposable
{
    private const string Component = "shipper";
    private readonly IdentityStore _store;
    private readonly Uri _server;
    private readonly Uri _batchesUrl;
    private readonly ServerOptions _options;
    private readonly EnvironmentProxy? _proxy;
    private readonly HealthTracker _health;
    private readonly AgentStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ClientIdentity _identity;
    private ServerTrust _trust;
    private HttpClient _client;
    private string? _stopped;
    private Exception? _deferredFailure;
    private int? _serverTrustVersion;
    private int? _renewedForTrustVersion;
    private int _renewalFailures;
    private DateTimeOffset _nextRenewalAttempt = DateTimeOffset.MinValue;

    public HttpsShipper(IdentityStore store, ClientIdentity identity, ServerOptions options, EnvironmentProxy? proxy,
        HealthTracker health, AgentStatus status, TimeProvider time, ILogger logger)
    {
        _store = store;
        _identity = identity;
        _options = options;
        _server = options.Url ?? identity.Enrollment.ServerUrl;
        _batchesUrl = ServerUrl.Resolve(_server, AgentApi.BatchesPath);
        _proxy = proxy;
        _health = health;
        _status = status;
        _time = time;
        _logger = logger;
        _trust = ServerTrust.Roots(identity.CaBundle);
        _client = ServerHttp.Create(_trust, identity.Certificate, proxy, options.Timeout);
    }

    public string Destination => $"server {_server}";

    /// <summary>The identity in use (after any renewal).</summary>
    public ClientIdentity Identity => _identity;

    public async ValueTask<long?> ShipAsync(IReadOnlyList<SpooledBatch> batches, CancellationToken cancellationToken)
    {
        if (_stopped is { } reason)
        {
            throw new DeliveryStoppedException(reason);
        }
        if (Interlocked.Exchange(ref _deferredFailure, null) is { } failure)
        {
            throw failure; // the failure that ended the last round after some batches were acknowledged
        }
        await RenewIfDueAsync(cancellationToken).ConfigureAwait(false);
        using var encoder = new BatchEncoder(_options.Compression);
        long? acknowledged = null;
        foreach (var batch in batches)
        {
            bool delivered;
            try
            {
                delivered = await SendAsync(batch, encoder, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (acknowledged is not null && e is not OperationCanceledException)
            {
                _deferredFailure = e; // report what was acknowledged now, the failure on the next call
                return acknowledged;
            }
            if (!delivered)
            {
                return acknowledged; // stopped: the rest stays in the spool
            }
            acknowledged = batch.Sequence;
            await RenewIfDueAsync(cancellationToken).ConfigureAwait(false);
        }
        return acknowledged;
    }

    /// <summary>Posts one batch; true when it is done with (committed, a duplicate, or dropped), false when shipping stopped.</summary>
    private async Task<bool> SendAsync(SpooledBatch batch, BatchEncoder encoder, CancellationToken cancellationToken)
    {
        var body = encoder.Encode(batch.Payload.Span);
        using var content = new ByteArrayContent(body.Array!, body.Offset, body.Count);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (encoder.ContentEncoding is { } encoding)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _batchesUrl) { Content = content };
        request.Headers.Add(AgentApi.SchemaVersionHeader, SchemaVersionOf(batch.Payload.Span).ToString(CultureInfo.InvariantCulture));
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new HttpRequestException(ServerErrors.Describe(e, _server, _trust, _proxy, _options.Timeout), e);
        }
        using (response)
        {
            NoteTrustVersion(response);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                _health.Report(Component, "rejected", HealthStatus.Ok, "ok", "the server accepts batches again");
                return true;
            }
            var error = await ServerErrors.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Conflict when error.Code == "duplicate":
                    LogDuplicate(batch.Sequence);
                    return true;
                case HttpStatusCode.Conflict when error.Code == "out_of_order":
                    _status.BatchRejected();
                    LogOutOfOrder(batch.Sequence, error.LastSequence, error.Message);
                    return true;
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    Stop(status, error);
                    return false;
                case HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests:
                    throw new HttpRequestException($"{_server} is busy ({status} {error.Code}): {error.Message}", null, response.StatusCode);
                case >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError:
                    Drop(batch.Sequence, status, error);
                    return true;
                default:
                    throw new HttpRequestException($"{_server} answered {status} {error.Code}: {error.Message}", null, response.StatusCode);
            }
        }
    }

    private void Drop(long sequence, int status, ApiError error)
    {
        _status.BatchRejected();
        LogRejected(sequence, status, error.Code, error.Message);
        _health.Report(Component, "rejected", HealthStatus.Degraded, error.Code,
            $"the server rejected batch {sequence} ({status} {error.Code}: {error.Message}); it was dropped, {_status.BatchesRejected} batches rejected so far");
    }

    private void Stop(int status, ApiError error)
    {
        _stopped = $"the server refuses this agent ({status} {error.Code}: {error.Message}); shipping stopped, batches are kept in the spool. Enroll again (vigil-agent enroll --force) and restart the agent";
        LogStopped(status, error.Code, error.Message);
        _health.Report(Component, "authorization", HealthStatus.Failed, error.Code, _stopped);
    }

    private void NoteTrustVersion(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(AgentApi.TrustVersionHeader, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            _serverTrustVersion = version;
        }
    }

    private bool TrustChanged =>
        _serverTrustVersion is { } server && server != _identity.Enrollment.TrustVersion && server != _renewedForTrustVersion;

    private async Task RenewIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var trustChanged = TrustChanged;
        if ((!trustChanged && now < _identity.Enrollment.RenewAfter) || now < _nextRenewalAttempt)
        {
            return;
        }
        var why = trustChanged
            ? $"the server's trust version is {_serverTrustVersion}, the agent's {_identity.Enrollment.TrustVersion}"
            : $"renew_after {_identity.Enrollment.RenewAfter:u} has passed";
        ClientIdentity renewed;
        try
        {
            renewed = await EnrollmentClient.RenewAsync(_client, _server, _identity, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EnrollmentException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            RenewalFailed(now, why, e is EnrollmentException ? e.Message : ServerErrors.Describe(e, _server, _trust, _proxy, _options.Timeout));
            return;
        }
        try
        {
            _store.Save(renewed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            renewed.Dispose();
            RenewalFailed(now, why, $"the renewed identity could not be saved in {_store.Directory}: {e.Message}");
            return;
        }
        if (trustChanged)
        {
            _renewedForTrustVersion = _serverTrustVersion;
        }
        var old = (_identity, _client);
        _identity = renewed;
        _trust = ServerTrust.Roots(renewed.CaBundle);
        _client = ServerHttp.Create(_trust, renewed.Certificate, _proxy, _options.Timeout);
        old._client.Dispose();
        old._identity.Dispose();
        _renewalFailures = 0;
        _nextRenewalAttempt = DateTimeOffset.MinValue;
        LogRenewed(why, renewed.Certificate.SerialNumber, renewed.Enrollment.TrustVersion, renewed.Enrollment.RenewAfter);
        _health.Report(Component, "renewal", HealthStatus.Ok, "ok", $"certificate renewed; next renewal after {renewed.Enrollment.RenewAfter:u}");
    }

    /// <summary>A failed renewal is retried after 1, 2, 4 … minutes, at most an hour apart; shipping goes on with the current certificate meanwhile.</summary>
    private void RenewalFailed(DateTimeOffset now, string why, string problem)
    {
        _renewalFailures++;
        var wait = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(_renewalFailures - 1, 6))));
        _nextRenewalAttempt = now + wait;
        LogRenewalFailed(why, problem, wait);
        _health.Report(Component, "renewal", HealthStatus.Degraded, "renewal_failed",
            $"certificate renewal failed ({why}): {problem}; retrying in {ConfigUnits.FormatDuration(wait)}, certificate valid until {_identity.Certificate.NotAfter.ToUniversalTime():u}");
    }

    /// <summary>The batch's schema version (<c>v</c>, its first property): a batch spooled by an older agent keeps its own.</summary>
    internal static int SchemaVersionOf(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("v"u8);
                if (!reader.Read())
                {
                    break;
                }
                if (isVersion && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version))
                {
                    return version;
                }
                reader.TrySkip();
            }
        }
        return SchemaVersions.Current;
    }

    public void Dispose()
    {
        _client.Dispose();
        _identity.Dispose();
    }
}
