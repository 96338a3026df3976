namespace Vigil.Detection;

/// <summary>
/// The outcome of one sample. <see cref="Score"/> is the calibrated score; <see cref="AlertScore"/> is the same
/// score when it could open an anomaly now and half of it otherwise (an anomaly already open, or the quiet period
/// after one), so that a stream of alert scores crosses the threshold once per incident.
/// </summary>
public readonly record struct DetectionResult(SampleStatus Status, double Score, double AlertScore, AnomalyEvent? Event);
