namespace Vigil.Detection;

/// <summary>How one series is watched. Defaults are the configuration the agent runs and the NAB run measures.</summary>
public sealed record DetectionOptions
{
    /// <summary>The configuration every series gets unless told otherwise.</summary>
    public static DetectionOptions Default { get; } = new();

    /// <summary>Detectors to combine, by registered name (<see cref="KnownDetectors"/>). Default: all of them.</summary>
    public IReadOnlyList<string> Detectors { get; init; } = KnownDetectors.Default;

    /// <summary>
    /// Score at or above which a sample is anomalous; the score is 1 minus a tail probability, so 0.9999 means
    /// "rarer than one sample in two hundred". One value fits every series because the score is calibrated.
    /// </summary>
    public double Threshold { get; init; } = DefaultThreshold;

    public const double DefaultThreshold = 0.995;

    /// <summary>Samples a series must have before it can raise anything: its first learning period.</summary>
    public int WarmUp { get; init; } = 128;

    /// <summary>Consecutive anomalous samples needed to open an anomaly (debounce).</summary>
    public int OpenAfter { get; init; } = 1;

    /// <summary>
    /// Hysteresis: once open, a sample counts as back to normal only when its tail probability is this many times
    /// larger than the threshold's (score below 1 - factor * (1 - threshold), and never above 0.5).
    /// </summary>
    public double CloseFactor { get; init; } = 100;

    /// <summary>Consecutive normal samples needed to close an open anomaly.</summary>
    public int CloseAfter { get; init; } = 6;

    /// <summary>Samples after an anomaly opens during which no other anomaly opens on the series.</summary>
    public int Quiet { get; init; } = 20;

    /// <summary>The score below which an open anomaly's sample counts as normal again.</summary>
    public double CloseThreshold => 1 - Math.Min(0.5, CloseFactor * (1 - Threshold));

    /// <summary>Throws naming the first bad property, prefixed with <paramref name="key"/> (its configuration path).</summary>
    public void Validate(string key = "detection")
    {
        if (Detectors.Count == 0)
        {
            throw new ArgumentException($"{key}.detectors: at least one detector is needed (known: {string.Join(", ", KnownDetectors.Names)})");
        }
        foreach (var name in Detectors)
        {
            if (!KnownDetectors.IsKnown(name))
            {
                throw new ArgumentException($"{key}.detectors: unknown detector '{name}' (known: {string.Join(", ", KnownDetectors.Names)})");
            }
        }
        if (Detectors.Distinct(StringComparer.Ordinal).Count() != Detectors.Count)
        {
            throw new ArgumentException($"{key}.detectors: a detector is listed twice");
        }
        if (!(Threshold > 0 && Threshold < 1))
        {
            throw new ArgumentException($"{key}.threshold: must be between 0 and 1 (exclusive), got {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        Check(WarmUp >= 0, key, "warm_up", "must be 0 or more");
        Check(OpenAfter >= 1, key, "open_after", "must be 1 or more");
        Check(CloseAfter >= 1, key, "close_after", "must be 1 or more");
        Check(Quiet >= 0, key, "quiet", "must be 0 or more");
        Check(CloseFactor >= 1, key, "close_factor", "must be 1 or more");
    }

    private static void Check(bool ok, string key, string field, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{key}.{field}: {message}");
        }
    }
}
