using Vigil.Policy.Evaluation;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: port</c>: whether something listens on a port (<c>/proc/net/tcp*</c> LISTEN sockets, unconnected bound
/// <c>udp*</c> sockets).
/// <code>
/// - kind: port
///   port: 23
///   protocol: tcp          # tcp | udp | any (default tcp; v4 and v6 alike)
///   address: 0.0.0.0       # optional: only sockets bound to this address
///   expect: not_listening  # listening | not_listening
/// </code>
/// </summary>
public sealed class PortRule : IRule
{
    public const string Name = "port";

    private int _port;
    private string _protocol = "";
    private string? _address;
    private bool _listening;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map) => new PortRule
    {
        _port = map.Has("port") ? map.Int("port", 0, 1, 65535) : throw map.Error("port", "is required"),
        _protocol = RuleOptions.OneOf(map, "protocol", "tcp", "tcp", "udp", "any"),
        _address = map.String("address"),
        _listening = RuleOptions.OneOf(map, "expect", "listening", "listening", "not_listening") == "listening",
    };

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var matches = context.Listeners
            .Where(l => l.Port == _port && (_protocol == "any" || l.Protocol.StartsWith(_protocol, StringComparison.Ordinal)))
            .Where(l => _address is null || l.Address == _address)
            .Select(l => l.Key)
            .ToList();
        var observed = matches.Count == 0 ? $"nothing listens on {_protocol}/{_port}" : $"listening: {string.Join(", ", matches)}";
        return RuleOutcome.Verdict(matches.Count > 0 == _listening, observed);
    }
}
