using Vigil.Detection.State;

namespace Vigil.Detection.Tests;

public sealed class StateTests
{
    private static byte[] Save(SeriesDetector detector)
    {
        var writer = new StateWriter();
        detector.Save(writer);
        return writer.Written.ToArray();
    }

    [Fact]
    public void A_restored_detector_carries_on_exactly_where_the_saved_one_was()
    {
        var values = Series.Noise(3000);
        values[2500] = 300;
        var original = new SeriesDetector("test", DetectionOptions.Default);
        Series.Feed(original, values.Take(2000));
        var restored = new SeriesDetector("test", DetectionOptions.Default);
        restored.Restore(Save(original));
        Assert.Equal(original.Count, restored.Count);
        for (var i = 2000; i < values.Length; i++)
        {
            var a = original.Observe(Series.At(i), values[i]);
            var b = restored.Observe(Series.At(i), values[i]);
            Assert.Equal(a.Score, b.Score);
            Assert.Equal(a.Event?.Message, b.Event?.Message);
        }
        Assert.Equal(Save(original), Save(restored));
    }

    [Fact]
    public void State_is_small_and_does_not_grow_with_the_series()
    {
        var detector = new SeriesDetector("test", DetectionOptions.Default);
        Series.Feed(detector, Series.Noise(10));
        var early = Save(detector).Length;
        Series.Feed(detector, Series.Noise(20_000), first: 10);
        Assert.Equal(early, Save(detector).Length);
        Assert.True(early < 4096, $"{early} bytes");
    }

    [Fact]
    public void Truncated_or_corrupt_state_is_refused_and_leaves_the_detector_as_it_was()
    {
        var source = new SeriesDetector("test", DetectionOptions.Default);
        Series.Feed(source, Series.Noise(1000));
        var state = Save(source);
        var target = new SeriesDetector("test", DetectionOptions.Default);
        Series.Feed(target, Series.Noise(500, seed: 9));
        var before = Save(target);

        Assert.Throws<InvalidStateException>(() => target.Restore(state.AsSpan(0, state.Length - 3)));
        var badMagic = (byte[])state.Clone();
        badMagic[0] ^= 0xFF;
        Assert.Throws<InvalidStateException>(() => target.Restore(badMagic));
        var badVersion = (byte[])state.Clone();
        badVersion[2] = 99;
        Assert.Contains("version 99", Assert.Throws<InvalidStateException>(() => target.Restore(badVersion)).Message);
        Assert.Throws<InvalidStateException>(() => target.Restore([.. state, 0]));
        Assert.Equal(before, Save(target));
    }

    [Fact]
    public void State_saved_for_other_detectors_is_refused()
    {
        var source = new SeriesDetector("test", DetectionOptions.Default);
        Series.Feed(source, Series.Noise(300));
        var target = new SeriesDetector("test", DetectionOptions.Default with { Detectors = [KnownDetectors.Level] });
        Assert.Throws<InvalidStateException>(() => target.Restore(Save(source)));
    }
}
