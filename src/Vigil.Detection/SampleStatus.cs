namespace Vigil.Detection;

/// <summary>What the series front-end did with one sample.</summary>
public enum SampleStatus
{
    /// <summary>Scored, then learned.</summary>
    Scored,

    /// <summary>Learned, not scored: the series is still in its first <see cref="DetectionOptions.WarmUp"/> samples.</summary>
    WarmingUp,

    /// <summary>NaN or an infinity: neither scored nor learned (a gauge that could not be read is not a value).</summary>
    Invalid,

    /// <summary>The same timestamp and value as the previous sample: a re-delivery, ignored.</summary>
    Duplicate,

    /// <summary>A cumulative counter went down (restart or reset): no delta for this sample, the next one counts from here.</summary>
    CounterReset,
}
