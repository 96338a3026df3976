using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vigil.Agent.Pipeline;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions;

/// <summary>
/// Verifies, runs and reports one delivered action: <see cref="ActionVerifier"/> first (nothing runs before it passes),
/// then the privileged-file check, a concurrency slot, the action under its timeout, redaction of every string in the
/// result, and the output bound. Every path ends in an <see cref="ActionResult"/>; nothing throws to the channel.
/// </summary>
public sealed partial class ActionExecutor(ActionVerifier verifier, ActionContext context, IReadOnlyList<string> redactPatterns, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(context.Options.MaxConcurrent, context.Options.MaxConcurrent);

    public async Task<ActionResult> ExecuteAsync(ActionEnvelope envelope, CancellationToken cancellationToken)
    {
        var time = context.Time;
        var started = time.GetUtcNow();
        var (action, refusal) = verifier.Verify(envelope);
        if (action is null)
        {
            LogRefused(envelope.DeliveryId, refusal!.Code, refusal.Reason);
            return Refused(envelope.DeliveryId, PeekActionId(envelope), refusal.Code, refusal.Reason, started);
        }
        var payload = action.Payload;
        if (action.Definition.Privileged && !context.PrivilegedPermitted)
        {
            var reason = $"{payload.Action} is privileged and {ConfigFileGuard.Problem(context.ConfigPath)}";
            LogRefused(envelope.DeliveryId, RefusalCodes.NotAllowed, reason);
            return Refused(envelope.DeliveryId, payload.ActionId, RefusalCodes.NotAllowed, reason, started);
        }
        if (!KnownActions.All.TryGetValue(payload.Action, out var implementation))
        {
            return Refused(envelope.DeliveryId, payload.ActionId, RefusalCodes.UnknownAction, $"this agent does not implement {payload.Action}", started);
        }
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(payload.ExpiresAtUnixMs);
        var wait = expires - time.GetUtcNow();
        if (wait <= TimeSpan.Zero || !await _slots.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
        {
            return Refused(envelope.DeliveryId, payload.ActionId, RefusalCodes.Busy, $"{context.Options.MaxConcurrent} actions were running until this one expired", started);
        }
        try
        {
            LogRunning(payload.ActionId, payload.Action, payload.RequestedBy ?? "?", payload.ApprovedBy ?? "-");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(context.Options.Timeout);
            JsonObject output;
            try
            {
                output = await implementation.RunAsync(new ActionCall(action), context, timeout.Token).ConfigureAwait(false);
            }
            catch (ActionRefusedException e)
            {
                LogRefused(envelope.DeliveryId, e.Code, e.Message);
                return Refused(envelope.DeliveryId, payload.ActionId, e.Code, e.Message, started);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(envelope.DeliveryId, payload.ActionId, "timeout", $"{payload.Action} did not finish within {context.Options.Timeout.TotalSeconds:0} s", started);
            }
            catch (ActionFailedException e)
            {
                OutputRedaction.Apply(e.Output, new Redactor(redactPatterns));
                using var failed = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(e.Output, ActionOutputJson.Default.JsonObject));
                return Failed(envelope.DeliveryId, payload.ActionId, e.Code, e.Message, started) with { Output = failed.RootElement.Clone() };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Failed(envelope.DeliveryId, payload.ActionId, "failed", e.Message, started);
            }
            var redactions = OutputRedaction.Apply(output, new Redactor(redactPatterns));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(output, ActionOutputJson.Default.JsonObject);
            if (bytes.Length > context.Options.MaxOutputBytes)
            {
                return Failed(envelope.DeliveryId, payload.ActionId, "output_too_large",
                    $"the result is {bytes.Length} bytes, over this host's actions.max_output of {context.Options.MaxOutputBytes}; ask for less (fewer lines, a lower limit)", started);
            }
            using var document = JsonDocument.Parse(bytes);
            return new ActionResult
            {
                DeliveryId = envelope.DeliveryId,
                ActionId = payload.ActionId,
                Outcome = ActionOutcome.Succeeded,
                Output = document.RootElement.Clone(),
                Redactions = redactions,
                StartedAtUnixMs = started.ToUnixTimeMilliseconds(),
                FinishedAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The action id from an unverified payload, only to label the refusal (never trusted for anything else).</summary>
    private static string? PeekActionId(ActionEnvelope envelope)
    {
        try
        {
            return JsonDocument.Parse(envelope.Payload).RootElement.TryGetProperty("action_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private ActionResult Refused(long delivery, string? actionId, string code, string reason, DateTimeOffset started) =>
        End(delivery, actionId, ActionOutcome.Refused, code, reason, started);

    private ActionResult Failed(long delivery, string? actionId, string code, string error, DateTimeOffset started)
    {
        LogFailed(delivery, code, error);
        return End(delivery, actionId, ActionOutcome.Failed, code, error, started);
    }

    private ActionResult End(long delivery, string? actionId, ActionOutcome outcome, string code, string error, DateTimeOffset started) => new()
    {
        DeliveryId = delivery,
        ActionId = actionId,
        Outcome = outcome,
        Code = code,
        Error = new Redactor(redactPatterns).Redact(error),
        StartedAtUnixMs = started.ToUnixTimeMilliseconds(),
        FinishedAtUnixMs = context.Time.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    public void Dispose() => _slots.Dispose();

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "refused action delivery {DeliveryId} ({Code}): {Reason}")]
    private partial void LogRefused(long deliveryId, string code, string reason);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "running action {ActionId} ({Action}) requested by {RequestedBy}, approved by {ApprovedBy}")]
    private partial void LogRunning(string actionId, string action, string requestedBy, string approvedBy);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "action delivery {DeliveryId} failed ({Code}): {Error}")]
    private partial void LogFailed(long deliveryId, string code, string error);
}
