namespace Vigil.Detection.Tests;

/// <summary>Synthetic series for the tests: seeded, so every run sees the same numbers.</summary>
internal static class Series
{
    public const long Start = 1_764_547_200_000; // 2025-12-01T00:00:00Z
    public const long Step = 60_000;

    public static double[] Noise(int count, double mean = 100, double sd = 5, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = mean + sd * Gaussian(random);
        }
        return values;
    }

    public static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>
    /// A threshold at which plain noise practically never opens an anomaly, for tests about what happens when
    /// one does; the default's own rate on noise is measured by <c>CalibrationTests</c>.
    /// </summary>
    public static DetectionOptions Strict { get; } = DetectionOptions.Default with { Threshold = 0.999999 };

    public static long At(int index) => Start + index * Step;

    /// <summary>Feeds <paramref name="values"/> one minute apart from <paramref name="first"/>; returns every event.</summary>
    public static List<AnomalyEvent> Feed(SeriesDetector detector, IEnumerable<double> values, int first = 0)
    {
        var events = new List<AnomalyEvent>();
        var i = first;
        foreach (var value in values)
        {
            if (detector.Observe(At(i++), value).Event is { } e)
            {
                events.Add(e);
            }
        }
        return events;
    }
}
