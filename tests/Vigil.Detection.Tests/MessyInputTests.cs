using Vigil.Detection.State;

namespace Vigil.Detection.Tests;

public sealed class MessyInputTests
{
    private static SeriesDetector Trained(int count = 1000)
    {
        var detector = new SeriesDetector("test.metric", Series.Strict);
        Series.Feed(detector, Series.Noise(count));
        return detector;
    }

    private static byte[] StateOf(SeriesDetector detector)
    {
        var writer = new StateWriter();
        detector.Save(writer);
        return writer.Written.ToArray();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_skipped_and_learn_nothing(double value)
    {
        var detector = Trained();
        var before = StateOf(detector);
        var result = detector.Observe(Series.At(5000), value);
        Assert.Equal(SampleStatus.Invalid, result.Status);
        Assert.Equal(0, result.Score);
        Assert.Null(result.Event);
        Assert.Equal(before, StateOf(detector));
    }

    [Fact]
    public void A_redelivered_sample_is_ignored_but_a_repeated_timestamp_with_a_new_value_counts()
    {
        var detector = Trained();
        Assert.Equal(SampleStatus.Scored, detector.Observe(Series.At(2000), 101).Status);
        var count = detector.Count;
        Assert.Equal(SampleStatus.Duplicate, detector.Observe(Series.At(2000), 101).Status);
        Assert.Equal(count, detector.Count);
        Assert.Equal(SampleStatus.Scored, detector.Observe(Series.At(2000), 99).Status);
        Assert.Equal(count + 1, detector.Count);
    }

    [Fact]
    public void A_clock_stepping_back_is_scored_in_stream_order_without_raising_anything()
    {
        var detector = Trained();
        var values = Series.Noise(300, seed: 7);
        var events = new List<AnomalyEvent>();
        for (var i = 0; i < values.Length; i++)
        {
            // An hour back at sample 100 (a DST change), then on from there.
            var at = Series.At(1000 + i) - (i >= 100 ? 3_600_000 : 0);
            var result = detector.Observe(at, values[i]);
            Assert.Equal(SampleStatus.Scored, result.Status);
            if (result.Event is { } e)
            {
                events.Add(e);
            }
        }
        Assert.True(events.Count <= 2, $"{events.Count} events on plain noise around a clock step");
    }

    [Fact]
    public void A_gap_alone_raises_nothing_but_a_series_that_resumes_elsewhere_is_reported()
    {
        var quiet = Trained();
        Assert.Empty(Series.Feed(quiet, Series.Noise(200, seed: 3), first: 1000 + 600));
        var moved = Trained();
        var events = Series.Feed(moved, Series.Noise(200, mean: 200, seed: 3), first: 1000 + 600);
        Assert.Contains(events, e => e.Opened);
    }

    [Fact]
    public void A_counter_reset_skips_one_sample_and_counts_on_from_the_new_value()
    {
        var detector = new SeriesDetector("test.requests", Series.Strict, cumulative: true);
        var total = 0.0;
        var increments = Series.Noise(1200, mean: 50, sd: 3);
        for (var i = 0; i < 1000; i++)
        {
            total += increments[i];
            detector.Observe(Series.At(i), total);
        }
        var reset = detector.Observe(Series.At(1000), 7);
        Assert.Equal(SampleStatus.CounterReset, reset.Status);
        total = 7;
        var events = new List<AnomalyEvent>();
        for (var i = 1001; i < 1200; i++)
        {
            total += increments[i];
            var result = detector.Observe(Series.At(i), total);
            Assert.Equal(SampleStatus.Scored, result.Status);
            if (result.Event is { } e)
            {
                events.Add(e);
            }
        }
        Assert.Empty(events);
    }

    [Fact]
    public void A_constant_series_scores_zero_until_it_moves()
    {
        var detector = new SeriesDetector("test.constant", DetectionOptions.Default);
        for (var i = 0; i < 2000; i++)
        {
            var result = detector.Observe(Series.At(i), 42);
            Assert.Equal(0, result.Score);
            Assert.Null(result.Event);
        }
        var moved = detector.Observe(Series.At(2000), 43);
        Assert.True(moved.Score >= DetectionOptions.DefaultThreshold, $"score {moved.Score}");
        Assert.True(moved.Event?.Opened);
    }

    [Fact]
    public void A_series_that_starts_mid_incident_reports_the_return_once_and_settles()
    {
        var detector = new SeriesDetector("test.latency", Series.Strict);
        var incident = Series.Noise(400, mean: 900, sd: 40, seed: 11);
        var normal = Series.Noise(3000, mean: 100, sd: 5, seed: 12);
        Assert.Empty(Series.Feed(detector, incident));
        var events = Series.Feed(detector, normal, first: incident.Length);
        var opened = events.Count(e => e.Opened);
        Assert.InRange(opened, 1, 2);
        Assert.False(detector.IsOpen, "the baselines re-learn, so the anomaly closes");
    }

    [Fact]
    public void A_warm_up_of_fixed_length_raises_nothing_even_on_wild_values()
    {
        var detector = new SeriesDetector("test.wild", DetectionOptions.Default);
        var values = Series.Noise(DetectionOptions.Default.WarmUp, sd: 50);
        values[^1] = 1e9;
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var result = detector.Observe(Series.At(i), value);
            Assert.Equal(SampleStatus.WarmingUp, result.Status);
            Assert.Null(result.Event);
        }
    }
}
