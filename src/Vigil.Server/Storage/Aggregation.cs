namespace Vigil.Server.Storage;

/// <summary>How samples within one step are combined.</summary>
public enum Aggregation
{
    Avg,
    Min,
    Max,
    Sum,
    Last,
    Count,
}
