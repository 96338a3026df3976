namespace Vigil.Detection.Tests;

public sealed class CalibrationTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(1e6)]
    [InlineData(1e-6)]
    public void One_threshold_fits_series_of_any_scale(double scale)
    {
        var rate = FiringRate(Series.Noise(20_000, mean: 10 * scale, sd: scale).ToArray());
        Assert.True(rate < 0.01, $"score >= 0.99 on {rate:P2} of plain noise at scale {scale}");
    }

    [Fact]
    public void A_heavy_tailed_series_is_not_flagged_on_its_routine_outliers()
    {
        var random = new Random(3);
        // Student-t with 3 degrees of freedom: outliers of 5 to 10 spreads are routine.
        var values = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var z = Series.Gaussian(random);
            var chi = Enumerable.Range(0, 3).Sum(_ => Math.Pow(Series.Gaussian(random), 2));
            return 100 + 5 * z / Math.Sqrt(chi / 3);
        }).ToArray();
        var rate = FiringRate(values);
        Assert.True(rate < 0.02, $"score >= 0.99 on {rate:P2} of heavy-tailed noise");
    }

    [Fact]
    public void A_towering_spike_stops_being_improbable_once_it_recurs()
    {
        var calibrator = new TailCalibrator();
        var random = new Random(5);
        var first = 0.0;
        var later = 0.0;
        for (var i = 0; i < 3000; i++)
        {
            // Surprises of a quiet series, with one of a million spreads every 100 samples (a nightly batch job).
            var p = calibrator.Observe(i >= 1000 && i % 100 == 50 ? 1e6 : Math.Abs(Series.Gaussian(random)));
            if (i == 1050)
            {
                first = p;
            }
            if (i == 2950)
            {
                later = p;
            }
        }
        Assert.True(first < 1e-3, $"the first such spike has probability {first}");
        Assert.True(later > 5e-3, $"after twenty of them a spike still has probability {later}, rarer than it has been");
    }

    [Fact]
    public void At_the_default_threshold_plain_noise_opens_an_anomaly_rarely()
    {
        var detector = new SeriesDetector("test", DetectionOptions.Default);
        var opened = Series.Feed(detector, Series.Noise(20_000)).Count(e => e.Opened);
        // Per sample the default threshold is a 1-in-200 tail (Bonferroni over the detectors); debounce, hysteresis
        // and the quiet period turn that into far fewer openings.
        Assert.True(opened < 60, $"{opened} anomalies opened on 20,000 samples of noise");
    }

    [Fact]
    public void A_real_anomaly_scores_far_above_the_noise()
    {
        var detector = new SeriesDetector("test", DetectionOptions.Default);
        var values = Series.Noise(5000);
        values[4000] = 180;
        var scores = values.Select((v, i) => detector.Observe(Series.At(i), v).Score).ToArray();
        var noiseMax = scores.Take(4000).Max();
        Assert.True(1 - scores[4000] < (1 - noiseMax) / 10, $"anomaly {scores[4000]}, noise max {noiseMax}");
    }

    [Fact]
    public void Scores_stay_in_the_unit_interval()
    {
        var detector = new SeriesDetector("test", DetectionOptions.Default);
        var values = Series.Noise(3000).Select((v, i) => i % 500 == 0 ? v * 1e12 : v);
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var result = detector.Observe(Series.At(i), value);
            Assert.InRange(result.Score, 0, 1);
            Assert.InRange(result.AlertScore, 0, 1);
        }
    }

    private static double FiringRate(double[] values)
    {
        var detector = new SeriesDetector("test", DetectionOptions.Default);
        var fired = 0;
        var scored = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var result = detector.Observe(Series.At(i), values[i]);
            if (result.Status == SampleStatus.Scored && i > 2000)
            {
                scored++;
                fired += result.Score >= 0.99 ? 1 : 0;
            }
        }
        return (double)fired / scored;
    }
}
