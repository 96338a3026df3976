using Microsoft.Extensions.Logging;

namespace Vigil.Agent.Shipping;

public sealed partial class HttpsShipper
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "batch {Sequence}: the server already holds it; acknowledged")]
    private partial void LogDuplicate(long sequence);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "batch {Sequence}: the server holds later batches (through {LastSequence}) and will not store it: {Detail}; counted as rejected")]
    private partial void LogOutOfOrder(long sequence, long? lastSequence, string detail);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "batch {Sequence}: rejected by the server ({Status} {Code}: {Detail}); dropped")]
    private partial void LogRejected(long sequence, int status, string code, string detail);

    [LoggerMessage(EventId = 203, Level = LogLevel.Critical, Message = "the server refuses this agent ({Status} {Code}: {Detail}); shipping stopped, batches stay in the spool")]
    private partial void LogStopped(int status, string code, string detail);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "certificate renewed ({Why}): serial {Serial}, trust version {TrustVersion}, next renewal after {RenewAfter}")]
    private partial void LogRenewed(string why, string serial, int trustVersion, DateTimeOffset renewAfter);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "certificate renewal failed ({Why}): {Problem}; retrying in {Wait}")]
    private partial void LogRenewalFailed(string why, string problem, TimeSpan wait);
}
