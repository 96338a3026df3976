using Vigil.Detection.State;

namespace Vigil.Detection.Tests;

/// <summary>The contract on <see cref="IDetector"/>, checked once for every registered detector.</summary>
public sealed class DetectorContractTests
{
    public static TheoryData<string> Names() => [.. KnownDetectors.Names];

    /// <summary>Detectors that judge each sample on its own; <c>burst</c> judges how often excursions come instead.</summary>
    public static TheoryData<string> PerSampleNames() => [.. KnownDetectors.Names.Where(n => n != KnownDetectors.Burst)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_detector_has_fixed_size_state_that_round_trips(string name)
    {
        var detector = KnownDetectors.Create(name);
        Assert.Equal(name, detector.Name);
        var sizes = new HashSet<int>();
        var values = Series.Noise(5000);
        for (var i = 0; i < values.Length; i++)
        {
            detector.Observe(Series.At(i), values[i]);
            if (i % 1000 == 0)
            {
                var w = new StateWriter();
                detector.Save(w);
                sizes.Add(w.Length);
            }
        }
        Assert.Single(sizes);
        var writer = new StateWriter();
        detector.Save(writer);
        var copy = KnownDetectors.Create(name);
        var reader = new StateReader(writer.Written);
        copy.Restore(ref reader);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(detector.Observe(Series.At(6000), 150), copy.Observe(Series.At(6000), 150));
    }

    [Theory]
    [MemberData(nameof(PerSampleNames))]
    public void Each_detector_is_more_surprised_by_an_outlier_than_by_a_typical_value(string name)
    {
        var detector = KnownDetectors.Create(name);
        var values = Series.Noise(3 * 1440);
        for (var i = 0; i < values.Length; i++)
        {
            detector.Observe(Series.At(i), values[i]);
        }
        var typical = detector.Observe(Series.At(values.Length), 100);
        var outlier = detector.Observe(Series.At(values.Length + 1), 250);
        Assert.True(typical.HasOpinion && outlier.HasOpinion);
        Assert.True(outlier.Surprise > 3 * typical.Surprise, $"{outlier.Surprise} vs {typical.Surprise}");
        Assert.True(typical.ExpectedLow < 100 && 100 < typical.ExpectedHigh, $"{typical.ExpectedLow}..{typical.ExpectedHigh}");
    }

    [Fact]
    public void Daily_profile_flags_a_value_normal_at_another_time_of_day()
    {
        var detector = new SeriesDetector("test.daily", DetectionOptions.Default with { Detectors = [KnownDetectors.Daily], Threshold = 0.9999 });
        // Low at night, high by day, for two weeks, one sample every 15 minutes.
        var step = 15 * 60_000L;
        var random = new Random(4);
        double Value(long at) => (at / 3_600_000 % 24 is >= 8 and < 20 ? 500 : 100) + 5 * Series.Gaussian(random);
        var events = new List<AnomalyEvent>();
        for (var i = 0; i < 14 * 96; i++)
        {
            var at = Series.Start + i * step;
            if (detector.Observe(at, Value(at)).Event is { } e)
            {
                events.Add(e);
            }
        }
        Assert.DoesNotContain(events, e => e.Opened && e.SinceUnixMs > Series.Start + 3 * 86_400_000L);
        var night = Series.Start + 14 * 86_400_000L + 2 * 3_600_000;
        var result = detector.Observe(night, 500);
        Assert.True(result.Event?.Opened, $"score {result.Score}");
        Assert.Equal([KnownDetectors.Daily], result.Event!.Detectors);
    }
}
