using Vigil.Detection.State;

namespace Vigil.Detection;

/// <summary>
/// One streaming detector for one series. The contract every detector keeps:
/// <list type="bullet">
/// <item><see cref="Observe"/> first scores the sample against what was learned from earlier samples only, then
/// learns from it: no look-ahead, O(1) time and a fixed amount of state per sample, no allocation.</item>
/// <item>It only ever sees finite values in stream order; the series front-end (<see cref="SeriesDetector"/>)
/// deals with NaN, infinities, counter resets and timestamps that go backwards.</item>
/// <item>Its surprise is raw (a distance in its own units); <see cref="TailCalibrator"/> turns it into a tail
/// probability so one threshold fits every series.</item>
/// <item><see cref="Save"/> and <see cref="Restore"/> round-trip the whole state bit for bit.</item>
/// </list>
/// </summary>
public interface IDetector
{
    /// <summary>The registered name (see <see cref="KnownDetectors"/>), shown in explanations.</summary>
    string Name { get; }

    /// <summary>Scores <paramref name="value"/> at <paramref name="unixMs"/>, then learns it.</summary>
    DetectorReading Observe(long unixMs, double value);

    void Save(StateWriter writer);

    void Restore(ref StateReader reader);
}
