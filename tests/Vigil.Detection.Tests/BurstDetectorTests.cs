using Vigil.Detection.Detectors;

namespace Vigil.Detection.Tests;

public sealed class BurstDetectorTests
{
    [Fact]
    public void Spikes_at_their_usual_rate_are_normal_and_spikes_coming_much_more_often_are_not()
    {
        var detector = new BurstDetector();
        var values = Series.Noise(6000);
        // A spike every 100 samples is this series' normal...
        var usual = 0.0;
        for (var i = 0; i < 4000; i++)
        {
            var reading = detector.Observe(Series.At(i), i % 100 == 0 ? 400 : values[i]);
            if (i > 3000 && reading.HasOpinion)
            {
                usual = Math.Max(usual, reading.Surprise);
            }
        }
        // ...one every 4 samples, no taller, is not.
        var burst = 0.0;
        for (var i = 4000; i < 4080; i++)
        {
            var reading = detector.Observe(Series.At(i), i % 4 == 0 ? 400 : values[i]);
            if (reading.HasOpinion)
            {
                burst = Math.Max(burst, reading.Surprise);
            }
        }
        Assert.True(usual < 3, $"surprise up to {usual} at the usual spike rate");
        Assert.True(burst > 3 * usual && burst > 8, $"surprise up to {burst} when spikes came 25 times as often, {usual} at the usual rate");
    }

    [Fact]
    public void Float_sized_steps_on_a_flat_series_are_not_excursions()
    {
        var detector = new BurstDetector();
        for (var i = 0; i < 3000; i++)
        {
            var value = 80 - (i / 300 % 2 == 0 ? 0.00016 : 0.00077);
            Assert.False(detector.Observe(Series.At(i), value).HasOpinion, $"sample {i}");
        }
    }
}
