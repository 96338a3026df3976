using System.Threading.Channels;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// The fixture API's /api/v1/stream: tests publish server-sent events, every connected dashboard receives those
/// meant for it (host-scoped streams get only their host's <c>batch</c> and <c>event</c> messages).
/// </summary>
public sealed class EventStream
{
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];

    public sealed record Message(string Type, string Json, string? Host);

    public sealed class Subscriber(string? host, EventStream owner) : IDisposable
    {
        public string? Host { get; } = host;
        public Channel<Message> Messages { get; } = Channel.CreateUnbounded<Message>();
        public void Dispose() => owner.Remove(this);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public Subscriber Subscribe(string? host)
    {
        var subscriber = new Subscriber(host, this);
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }
        return subscriber;
    }

    public void Publish(string type, string json, string? host)
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                var wanted = type switch
                {
                    "batch" => s.Host is not null && s.Host == host,
                    "event" => s.Host is null || s.Host == host,
                    _ => true,
                };
                if (wanted)
                {
                    s.Messages.Writer.TryWrite(new Message(type, json, host));
                }
            }
        }
    }

    /// <summary>Ends every open stream, as a server restart or a proxy timeout would.</summary>
    public void DisconnectAll()
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                s.Messages.Writer.TryComplete();
            }
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscriber);
        }
        subscriber.Messages.Writer.TryComplete();
    }
}
