using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Vigil.Server.Live;

/// <summary>
/// Fan-out of what just happened to every open dashboard stream. Each subscriber has a small bounded queue that drops
/// its oldest message when the browser reads too slowly: a stalled tab must never slow ingest down.
/// </summary>
public sealed class LiveFeed
{
    private readonly ConcurrentDictionary<Channel<LiveMessage>, string?> _subscribers = new();

    public int Subscribers => _subscribers.Count;

    /// <summary>Subscribes to fleet-wide messages plus those for <paramref name="agentId"/> (all agents' events when null; batch notices only for the chosen agent).</summary>
    public ChannelReader<LiveMessage> Subscribe(string? agentId, CancellationToken until)
    {
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[channel] = agentId;
        until.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(LiveMessage message)
    {
        foreach (var (channel, agentId) in _subscribers)
        {
            var wanted = message.Name switch
            {
                "batch" => agentId is not null && agentId == message.AgentId,
                _ => agentId is null || message.AgentId is null || agentId == message.AgentId,
            };
            if (wanted)
            {
                channel.Writer.TryWrite(message);
            }
        }
    }
}
