namespace Vigil.Detection;

/// <summary>An anomaly on one series opened or closed; open and close of one anomaly share <see cref="SinceUnixMs"/>.</summary>
public sealed record AnomalyEvent
{
    public required bool Opened { get; init; }

    /// <summary>Unix ms of the first anomalous sample.</summary>
    public required long SinceUnixMs { get; init; }

    /// <summary>Unix ms of the sample that decided this transition.</summary>
    public required long AtUnixMs { get; init; }

    /// <summary>The value that decided (for a close, the first value back in range).</summary>
    public required double Observed { get; init; }

    public required double ExpectedLow { get; init; }

    public required double ExpectedHigh { get; init; }

    /// <summary>For an open, the opening score; for a close, the highest score the anomaly reached.</summary>
    public required double Score { get; init; }

    /// <summary>Detectors whose own (adjusted) tail probability crossed the threshold when the anomaly opened.</summary>
    public required IReadOnlyList<string> Detectors { get; init; }

    /// <summary>One line a person reads: series, expected range, observed value, since when, which detectors.</summary>
    public required string Message { get; init; }
}
