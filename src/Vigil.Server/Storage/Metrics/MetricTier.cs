namespace Vigil.Server.Storage.Metrics;

/// <summary>The resolutions metrics are kept at, finest first.</summary>
public enum MetricTier
{
    /// <summary>Every sample as sent.</summary>
    Raw,
    /// <summary>1-minute rollups.</summary>
    Minute,
    /// <summary>1-hour rollups.</summary>
    Hour,
}
