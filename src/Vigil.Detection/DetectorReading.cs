namespace Vigil.Detection;

/// <summary>
/// What a detector thought of one sample: a raw surprise (0 = exactly as expected, larger = stranger; NaN = no
/// opinion yet, still learning) and the value range it expected, for the explanation.
/// </summary>
public readonly record struct DetectorReading(double Surprise, double ExpectedLow, double ExpectedHigh)
{
    public static DetectorReading None => new(double.NaN, double.NaN, double.NaN);

    public bool HasOpinion => !double.IsNaN(Surprise);
}
