using Vigil.Detection.State;

namespace Vigil.Detection;

/// <summary>
/// Turns one detector's raw surprise into a tail probability, per series, from the surprises seen so far:
/// streaming peaks-over-threshold (Siffer et al., KDD 2017). A running <see cref="TailMass"/> upper quantile u
/// of past surprises is tracked by stochastic approximation; the excesses over u are fitted with a generalised
/// Pareto distribution by the method of moments (exponentially weighted), so
/// P(surprise &gt; u + y) = TailMass * (1 + xi y / sigma)^(-1/xi). The shape xi is kept in [0, 0.5]: exponential
/// or heavier tails only, so a probability never reaches exactly zero and the top of the scale keeps its order.
/// A series whose surprises are routinely large (a noisy one) thereby needs a larger surprise for the same
/// probability as a quiet one. The probability of a sample is computed before the sample is learned.
/// <para>
/// A fitted tail smooths over what actually happened: a series with a towering spike every hundred samples (a
/// batch job, a cache flush) gets a tail in which each spike looks like one in a million. So the calibrator also
/// counts, with exponential forgetting over <see cref="RecentHorizon"/> samples, how often surprises of at least
/// <see cref="RecentFloorFrom"/> occurred, in octaves; the probability given is never below the recent share of
/// surprises at least as large. A spike this series has had several times lately is its normal, however tall.
/// </para>
/// </summary>
public sealed class TailCalibrator
{
    /// <summary>The share of samples whose surprise the tail model describes.</summary>
    public const double TailMass = 0.05;

    /// <summary>Samples seen before any probability below 1 is given.</summary>
    public const int WarmUp = 200;

    /// <summary>Memory of the tail fit, in excesses (at <see cref="TailMass"/>, about 20 times as many samples).</summary>
    public const double TailHorizon = 64;

    /// <summary>The heaviest tail fitted (a power law of exponent 2); heavier series are treated as this heavy.</summary>
    public const double MaxShape = 0.5;

    /// <summary>Peaks over the threshold needed before the fitted tail is trusted.</summary>
    public const int MinExcesses = 8;

    private long _count;
    private long _excesses;
    private double _level;
    private double _mean;
    private double _meanExcess;
    /// <summary>Forgetting horizon of the recent large-surprise counts, in samples.</summary>
    public const double RecentHorizon = 3000;

    /// <summary>Smallest surprise counted as a large one; below it the fitted tail alone decides.</summary>
    public const double RecentFloorFrom = 32;

    /// <summary>Octaves of large surprises counted: [32, 64), [64, 128), …, [8192, ∞).</summary>
    public const int RecentOctaves = 9;

    private const double RecentDecay = 1 - 1 / RecentHorizon;

    private double _meanSquareExcess;
    private readonly double[] _recentLarge = new double[RecentOctaves];
    private double _recentWeight;
    private double _recentUnit = 1;

    public long Count => _count;

    /// <summary>The tail probability of <paramref name="surprise"/>, then learns it. NaN in gives 1 and learns nothing.</summary>
    public double Observe(double surprise)
    {
        if (double.IsNaN(surprise))
        {
            return 1;
        }
        // Beyond a billion spreads every surprise is total; capping keeps the squared excesses finite.
        surprise = Math.Min(surprise, 1e9);
        var p = Probability(surprise);
        Learn(surprise);
        return p;
    }

    /// <summary>The tail probability of <paramref name="surprise"/> under what was learned so far.</summary>
    public double Probability(double surprise)
    {
        if (_count < WarmUp)
        {
            return 1;
        }
        if (surprise <= _level)
        {
            return _level <= 0 ? 1 : TailMass + (1 - TailMass) * (1 - surprise / _level);
        }
        if (_mean <= 0)
        {
            // Every surprise so far was exactly zero (a constant, perfectly predicted series): any move is total.
            return TailMass * Math.Exp(-surprise);
        }
        return Math.Max(RecentShareAtLeast(surprise), FittedProbability(surprise));
    }

    /// <summary>The forgetting share of recent samples whose surprise was in the octave of <paramref name="surprise"/> or above.</summary>
    private double RecentShareAtLeast(double surprise)
    {
        var octave = OctaveOf(surprise);
        if (octave < 0 || _recentWeight <= 0)
        {
            return 0;
        }
        var count = 0.0;
        for (var i = octave; i < RecentOctaves; i++)
        {
            count += _recentLarge[i];
        }
        return count / _recentWeight;
    }

    private static int OctaveOf(double surprise) =>
        surprise < RecentFloorFrom ? -1 : Math.Min(RecentOctaves - 1, (int)Math.Log2(surprise / RecentFloorFrom));

    private double FittedProbability(double surprise)
    {
        var y = surprise - _level;
        var (xi, sigma) = Fit();
        if (_excesses < MinExcesses || sigma <= 0)
        {
            // Too few peaks to fit a tail yet: assume the heaviest plausible one (Pareto, shape 1), conservative.
            return TailMass * Math.Min(1, Math.Max(_level, _mean) / surprise);
        }
        return xi < 1e-6
            ? TailMass * Math.Exp(-y / sigma)
            : TailMass * Math.Pow(1 + xi * y / sigma, -1 / xi);
    }

    private (double Xi, double Sigma) Fit()
    {
        var m = _meanExcess;
        var variance = _meanSquareExcess - m * m;
        if (m <= 0)
        {
            return (0, 0);
        }
        if (variance <= 1e-12 * m * m)
        {
            return (0, m);
        }
        var ratio = m * m / variance;
        var xi = Math.Clamp(0.5 * (1 - ratio), 0, MaxShape);
        // With xi clamped, sigma follows from the mean excess: E[Y] = sigma / (1 - xi).
        return (xi, m * (1 - xi));
    }

    private void Learn(double surprise)
    {
        // Forgetting without touching every count each sample: later samples weigh more (by 1 / RecentDecay
        // each), and everything is scaled back down once the weights grow large.
        _recentUnit /= RecentDecay;
        _recentWeight += _recentUnit;
        if (OctaveOf(surprise) is var octave and >= 0)
        {
            _recentLarge[octave] += _recentUnit;
        }
        if (_recentUnit > 1e100)
        {
            for (var i = 0; i < RecentOctaves; i++)
            {
                _recentLarge[i] /= _recentUnit;
            }
            _recentWeight /= _recentUnit;
            _recentUnit = 1;
        }
        _mean += Ewm.Alpha(_count, 1 / TailMass * TailHorizon) * (surprise - _mean);
        if (_count == 0)
        {
            _level = surprise;
        }
        else
        {
            // Robbins-Monro on the (1 - TailMass) quantile, step scaled by the typical surprise so it is unit-free.
            var step = Math.Max(_mean, 1e-12) * 0.05;
            _level += surprise > _level ? step * (1 - TailMass) : -step * TailMass;
            _level = Math.Max(_level, 0);
        }
        if (surprise > _level && _count > 0)
        {
            var y = surprise - _level;
            var alpha = Ewm.Alpha(_excesses, TailHorizon);
            _meanExcess += alpha * (y - _meanExcess);
            _meanSquareExcess += alpha * (y * y - _meanSquareExcess);
            _excesses++;
        }
        _count++;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteInt64(_excesses);
        writer.WriteDouble(_level);
        writer.WriteDouble(_mean);
        writer.WriteDouble(_meanExcess);
        writer.WriteDouble(_meanSquareExcess);
        writer.WriteDouble(_recentUnit);
        writer.WriteDouble(_recentWeight);
        foreach (var count in _recentLarge)
        {
            writer.WriteDouble(count);
        }
    }

    public void Restore(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        _excesses = reader.ReadInt64();
        _level = reader.ReadState();
        _mean = reader.ReadState();
        _meanExcess = reader.ReadState();
        _meanSquareExcess = reader.ReadState();
        _recentUnit = reader.ReadState();
        _recentWeight = reader.ReadState();
        for (var i = 0; i < RecentOctaves; i++)
        {
            _recentLarge[i] = reader.ReadState();
        }
        if (!(_recentUnit >= 1) || _recentWeight < 0 || Array.Exists(_recentLarge, c => c < 0 || c > _recentWeight * (1 + 1e-9)))
        {
            throw new InvalidStateException("tail calibrator recent counts are corrupt");
        }
        if (_count < 0 || _excesses < 0 || _excesses > _count)
        {
            throw new InvalidStateException("tail calibrator counts are corrupt");
        }
    }
}
