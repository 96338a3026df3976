namespace Vigil.Agent.Configuration;

/// <summary>How readily a series raises anomalies; see <see cref="DetectionRule.ThresholdOf"/>.</summary>
public enum DetectionSensitivity
{
    Low,
    Normal,
    High,
}
