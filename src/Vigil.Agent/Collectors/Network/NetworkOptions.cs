using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors.Network;

/// <summary><c>collectors.network</c>: which interfaces the network collector reports.</summary>
public sealed record NetworkOptions
{
    /// <summary>
    /// <c>exclude_interfaces</c>: interface names not reported. A name ending in <c>*</c> is a prefix
    /// (<c>veth*</c> drops every container veth); anything else must match exactly. Default: none.
    /// </summary>
    public IReadOnlyList<string> ExcludeInterfaces { get; init; } = [];

    public static NetworkOptions Bind(ConfigMap map)
    {
        var options = new NetworkOptions { ExcludeInterfaces = map.StringList("exclude_interfaces", []) };
        foreach (var pattern in options.ExcludeInterfaces)
        {
            if (pattern.Length == 0 || pattern == "*" || pattern.IndexOf('*') is var star && star >= 0 && star != pattern.Length - 1)
            {
                throw map.Error("exclude_interfaces", $"'{pattern}' is not an interface name or a prefix ending in *");
            }
        }
        return options;
    }

    public bool IsExcluded(ReadOnlySpan<char> name)
    {
        foreach (var pattern in ExcludeInterfaces)
        {
            var matches = pattern.EndsWith('*')
                ? name.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : name.SequenceEqual(pattern);
            if (matches)
            {
                return true;
            }
        }
        return false;
    }
}
