namespace Vigil.Agent.Tests.Channel;

/// <summary>A batch as the test server received it: decompressed body and what the agent sent with it.</summary>
public sealed record ReceivedBatch(long Sequence, byte[] Json, string ContentEncoding, string ContentType, string SchemaVersionHeader, string ClientSerial, string ClientSubject);
