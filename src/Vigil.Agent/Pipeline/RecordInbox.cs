using System.Collections.Concurrent;
using Vigil.Protocol;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Records made off the collection loop (a compliance evaluation, on its own thread) wait here until the loop seals
/// its next batch, so only the loop ever writes the spool.
/// </summary>
public sealed class RecordInbox
{
    private readonly ConcurrentQueue<Record> _records = new();

    public int Count => _records.Count;

    public void Add(Record record) => _records.Enqueue(record);

    /// <summary>Moves every waiting record to <paramref name="into"/>.</summary>
    public void DrainInto(List<Record> into)
    {
        while (_records.TryDequeue(out var record))
        {
            into.Add(record);
        }
    }
}
