using Vigil.Detection.State;

namespace Vigil.Detection;

/// <summary>
/// The combiner: runs a set of detectors on each sample, calibrates each one's surprise into a tail probability
/// (<see cref="TailCalibrator"/>) and combines them into one score in [0, 1]: 1 - min(1, k * min p) for k
/// detectors with an opinion (Bonferroni), so the score stays a conservative tail probability however many
/// detectors look at the series. A score of 0.999 means "one in a thousand, by the most surprised detector".
/// </summary>
public sealed class AnomalyScorer
{
    private readonly IDetector[] _detectors;
    private readonly TailCalibrator[] _calibrators;
    private readonly double[] _probabilities;
    private readonly DetectorReading[] _readings;
    private int _opinions;

    public AnomalyScorer(IReadOnlyList<string> detectors)
    {
        if (detectors.Count == 0)
        {
            throw new ArgumentException("at least one detector is needed", nameof(detectors));
        }
        _detectors = [.. detectors.Select(KnownDetectors.Create)];
        _calibrators = [.. _detectors.Select(_ => new TailCalibrator())];
        _probabilities = new double[_detectors.Length];
        _readings = new DetectorReading[_detectors.Length];
    }

    public int Count => _detectors.Length;

    public string NameOf(int index) => _detectors[index].Name;

    /// <summary>The last sample's tail probability by detector <paramref name="index"/>, already multiplied by k.</summary>
    public double AdjustedProbability(int index) => Math.Min(1, _probabilities[index] * _opinions);

    public DetectorReading Reading(int index) => _readings[index];

    /// <summary>Scores the sample (then every detector learns it) and returns the combined score.</summary>
    public double Observe(long unixMs, double value)
    {
        var best = 1.0;
        _opinions = 0;
        for (var i = 0; i < _detectors.Length; i++)
        {
            var reading = _detectors[i].Observe(unixMs, value);
            _readings[i] = reading;
            var p = _calibrators[i].Observe(reading.Surprise);
            _probabilities[i] = p;
            if (reading.HasOpinion)
            {
                _opinions++;
                best = Math.Min(best, p);
            }
        }
        return 1 - Math.Min(1, best * Math.Max(1, _opinions));
    }

    /// <summary>Index of the detector that found the last sample strangest.</summary>
    public int MostSurprised()
    {
        var index = 0;
        for (var i = 1; i < _probabilities.Length; i++)
        {
            if (_probabilities[i] < _probabilities[index])
            {
                index = i;
            }
        }
        return index;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteByte((byte)_detectors.Length);
        for (var i = 0; i < _detectors.Length; i++)
        {
            writer.WriteString(_detectors[i].Name);
            _detectors[i].Save(writer);
            _calibrators[i].Save(writer);
        }
    }

    public void Restore(ref StateReader reader)
    {
        var count = reader.ReadByte();
        if (count != _detectors.Length)
        {
            throw new InvalidStateException($"state holds {count} detectors, this series runs {_detectors.Length}");
        }
        for (var i = 0; i < _detectors.Length; i++)
        {
            var name = reader.ReadString();
            if (name != _detectors[i].Name)
            {
                throw new InvalidStateException($"state holds detector '{name}' where this series runs '{_detectors[i].Name}'");
            }
            _detectors[i].Restore(ref reader);
            _calibrators[i].Restore(ref reader);
        }
    }
}
