using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Storage;

/// <summary>Keeps what was logged, so a test can tell which path the store took.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> Entries { get; } = new();

    public bool Logged(int eventId) => Entries.Any(e => e.Id.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, logLevel, formatter(state, exception)));
}
