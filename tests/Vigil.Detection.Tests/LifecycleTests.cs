namespace Vigil.Detection.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public void A_spike_opens_one_anomaly_with_a_readable_explanation_and_closes_it()
    {
        var detector = new SeriesDetector("system.cpu.utilization{cpu=0}", Series.Strict);
        var values = Series.Noise(2000);
        values[1500] = 400;
        var events = Series.Feed(detector, values);
        var open = Assert.Single(events, e => e.Opened);
        var close = Assert.Single(events, e => !e.Opened);
        Assert.Equal(Series.At(1500), open.SinceUnixMs);
        Assert.Equal(open.SinceUnixMs, close.SinceUnixMs);
        Assert.Equal(400, open.Observed);
        Assert.InRange(open.ExpectedLow, 70, 100);
        Assert.InRange(open.ExpectedHigh, 100, 130);
        Assert.NotEmpty(open.Detectors);
        Assert.EndsWith($"; {string.Join(", ", open.Detectors)})", open.Message);
        Assert.StartsWith("system.cpu.utilization{cpu=0}: 400 outside expected ", open.Message);
        Assert.Contains("since 2025-12-02T01:00:00Z", open.Message);

        Assert.True(close.Score >= open.Score);
        Assert.InRange(close.Observed, 80, 120);
    }

    [Fact]
    public void A_level_shift_opens_once_and_closes_once_the_new_level_is_learned()
    {
        var detector = new SeriesDetector("test.queue", Series.Strict);
        var values = Series.Noise(1000).Concat(Series.Noise(3000, mean: 160, seed: 2)).ToArray();
        var events = Series.Feed(detector, values);
        Assert.Equal(events.Count(e => e.Opened), events.Count(e => !e.Opened));
        var open = events.First(e => e.Opened);
        Assert.InRange(open.SinceUnixMs, Series.At(1000), Series.At(1005));
        Assert.True(events.Count(e => e.Opened) <= 2, $"{events.Count(e => e.Opened)} openings for one shift: flapping");
        Assert.False(detector.IsOpen);
    }

    [Fact]
    public void Debounce_keeps_a_lone_spike_from_opening_when_two_samples_are_required()
    {
        var detector = new SeriesDetector("test.debounced", Series.Strict with { OpenAfter = 2 });
        var values = Series.Noise(2000);
        values[1500] = 400;
        Assert.Empty(Series.Feed(detector, values));
    }

    [Fact]
    public void Hysteresis_keeps_an_anomaly_open_while_the_series_hovers_near_the_threshold()
    {
        var options = DetectionOptions.Default;
        var tracker = new AnomalyTracker(options);
        Assert.Equal(TrackerStep.Opened, tracker.Step(0.9999));
        var between = (options.Threshold + options.CloseThreshold) / 2;
        for (var i = 0; i < 50; i++)
        {
            // Below the opening threshold but not back to normal: stays open, no flapping.
            Assert.Equal(TrackerStep.None, tracker.Step(i % 2 == 0 ? between : options.Threshold));
        }
        for (var i = 1; i < options.CloseAfter; i++)
        {
            Assert.Equal(TrackerStep.None, tracker.Step(0));
        }
        Assert.Equal(TrackerStep.Closed, tracker.Step(0));
    }

    [Fact]
    public void No_new_anomaly_opens_within_the_quiet_period_of_the_last()
    {
        var options = DetectionOptions.Default with { CloseAfter = 1, Quiet = 10 };
        var tracker = new AnomalyTracker(options);
        Assert.Equal(TrackerStep.Opened, tracker.Step(1));
        Assert.Equal(TrackerStep.Closed, tracker.Step(0));
        for (var i = 2; i < 10; i++)
        {
            Assert.False(tracker.CanOpen);
            Assert.Equal(TrackerStep.None, tracker.Step(1));
        }
        Assert.Equal(TrackerStep.Opened, tracker.Step(1));
    }

    [Fact]
    public void The_alert_score_crosses_the_threshold_once_per_incident()
    {
        var detector = new SeriesDetector("test.alert", Series.Strict);
        var values = Series.Noise(1000).Concat(Series.Noise(300, mean: 200, seed: 5)).ToArray();
        var crossings = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var result = detector.Observe(Series.At(i), values[i]);
            Assert.InRange(result.AlertScore, 0, result.Score);
            if (result.AlertScore >= Series.Strict.Threshold)
            {
                crossings++;
            }
        }
        Assert.Equal(1, crossings);
    }
}
