using Microsoft.Extensions.Logging;

namespace Vigil.AgentHost;

/// <summary>
/// Writes log lines to standard error: with sd-daemon priority prefixes (<c>&lt;4&gt;</c>) when journald is
/// listening, with a timestamp otherwise. Hand-written because Microsoft.Extensions.Logging.Console brings the
/// options/DI stack and a background thread into a binary whose footprint is a feature.
/// </summary>
public sealed class StderrLogger : ILogger
{
    private readonly string _category;
    private readonly LogLevel _minimum;
    private readonly bool _journald;
    private readonly TimeProvider _time;
    private static readonly Lock Gate = new();

    public StderrLogger(string category, LogLevel minimum, TimeProvider time)
    {
        _category = category;
        _minimum = minimum;
        _time = time;
        _journald = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var message = formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
        var line = _journald
            ? $"<{Priority(logLevel)}>{_category}: {message}"
            : $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {Level(logLevel)} {_category}: {message}";
        lock (Gate)
        {
            Console.Error.WriteLine(line);
        }
    }

    private static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Critical => "CRIT",
        LogLevel.Error => "ERROR",
        LogLevel.Warning => "WARN",
        LogLevel.Information => "INFO",
        _ => "DEBUG",
    };
}
