namespace Vigil.Detection;

/// <summary>Small helpers for exponentially weighted estimates shared by the detectors.</summary>
internal static class Ewm
{
    /// <summary>The smoothing factor after <paramref name="count"/> samples: a plain mean until the horizon is reached.</summary>
    public static double Alpha(long count, double horizon) => Math.Max(1.0 / (count + 1), 1.0 / horizon);

    /// <summary>The smallest spread worth dividing by: a constant series that moves at all is surprising, float noise is not.</summary>
    public static double Floor(double center) => 1e-9 * Math.Abs(center) + 1e-12;
}
