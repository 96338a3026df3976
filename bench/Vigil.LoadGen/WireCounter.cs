namespace Vigil.LoadGen;

/// <summary>Bytes one simulated agent sent and received on its connections, TLS included.</summary>
public sealed class WireCounter
{
    private long _sent;
    private long _received;

    public long SentBytes => Interlocked.Read(ref _sent);
    public long ReceivedBytes => Interlocked.Read(ref _received);

    public void Sent(int bytes) => Interlocked.Add(ref _sent, bytes);
    public void Received(int bytes) => Interlocked.Add(ref _received, bytes);
}
