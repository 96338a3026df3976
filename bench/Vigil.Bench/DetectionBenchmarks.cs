using BenchmarkDotNet.Attributes;
using Vigil.Detection;
using Vigil.Detection.State;

namespace Vigil.Bench;

/// <summary>
/// Cost of watching one series: nanoseconds per sample through <see cref="SeriesDetector"/> (front-end, the
/// detectors, their calibration, the tracker) with each detector alone and with the default combination, on a
/// noisy daily series with an occasional spike. The state size per series is printed at setup
/// ("state bytes: ..."), since it is a fixed number, not a timing.
/// </summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private const int Samples = 4096;
    private readonly double[] _values = new double[Samples];
    private SeriesDetector _detector = null!;
    private long _at;
    private int _next;

    [Params("level", "shift", "daily", "spread", "pattern", "burst", "default")]
    public string Detectors { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < Samples; i++)
        {
            var daily = 50 * Math.Sin(2 * Math.PI * i / 1440.0);
            _values[i] = 200 + daily + 10 * (random.NextDouble() - 0.5) + (i % 997 == 0 ? 300 : 0);
        }
        var options = Detectors == "default" ? DetectionOptions.Default : DetectionOptions.Default with { Detectors = [Detectors] };
        _detector = new SeriesDetector("bench.series", options);
        _at = 1_764_547_200_000;
        for (var i = 0; i < 3 * Samples; i++)
        {
            Observe();
        }
        var writer = new StateWriter();
        _detector.Save(writer);
        Console.WriteLine($"// state bytes: {Detectors} = {writer.Length}");
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public double Observe()
    {
        _at += 60_000;
        var value = _values[_next];
        _next = (_next + 1) & (Samples - 1);
        return _detector.Observe(_at, value).Score;
    }
}
