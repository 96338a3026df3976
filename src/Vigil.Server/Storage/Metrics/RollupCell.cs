namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// Summary of the samples of one series in one time bucket. <see cref="Merge"/> is associative and commutative (the
/// newer <see cref="LastMs"/> wins "last"), so cells can be merged in any order and late data folds in correctly.
/// The default value is the empty cell.
/// </summary>
public readonly record struct RollupCell(long Count, double Min, double Max, double Sum, double Last, long LastMs)
{
    public bool IsEmpty => Count == 0;

    public static RollupCell Of(double value, long timestampMs) => new(1, value, value, value, value, timestampMs);

    public RollupCell Merge(RollupCell other)
    {
        if (other.IsEmpty)
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        var otherIsNewer = other.LastMs >= LastMs;
        return new RollupCell(
            Count + other.Count,
            Math.Min(Min, other.Min),
            Math.Max(Max, other.Max),
            Sum + other.Sum,
            otherIsNewer ? other.Last : Last,
            otherIsNewer ? other.LastMs : LastMs);
    }

    public double Aggregate(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Avg => Sum / Count,
        Aggregation.Min => Min,
        Aggregation.Max => Max,
        Aggregation.Sum => Sum,
        Aggregation.Last => Last,
        Aggregation.Count => Count,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown aggregation"),
    };
}
