namespace Vigil.Agent.Spool;

/// <summary>A batch read back from the spool: its sequence and the exact bytes appended under it, checksum-verified.</summary>
public readonly record struct SpooledBatch(long Sequence, ReadOnlyMemory<byte> Payload);
