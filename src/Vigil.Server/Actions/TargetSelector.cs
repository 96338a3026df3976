using Vigil.Server.Storage;

namespace Vigil.Server.Actions;

/// <summary>
/// A label selector, <c>role=db,os=debian</c>: a host matches when it has every pair. Besides its labels a host has
/// <c>hostname</c> and <c>id</c>. A value may be a list, <c>role=db|cache</c>, matching any of them.
/// </summary>
public sealed record TargetSelector(IReadOnlyList<(string Key, string[] Values)> Terms)
{
    public static TargetSelector Parse(string text)
    {
        var terms = new List<(string, string[])>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == part.Length - 1)
            {
                throw new ActionProblemException(400, "invalid_selector", $"select: '{part}' is not key=value");
            }
            terms.Add((part[..equals].Trim(), part[(equals + 1)..].Split('|', StringSplitOptions.TrimEntries)));
        }
        return terms.Count == 0 ? throw new ActionProblemException(400, "invalid_selector", "select: empty selector") : new TargetSelector(terms);
    }

    public bool Matches(Agent agent) => Terms.All(term => term.Values.Contains(ValueOf(agent, term.Key), StringComparer.Ordinal));

    private static string? ValueOf(Agent agent, string key) => key switch
    {
        "hostname" => agent.Hostname,
        "id" => agent.Id,
        _ => agent.Labels.TryGetValue(key, out var value) ? value : null,
    };

    public override string ToString() => string.Join(",", Terms.Select(t => t.Key + "=" + string.Join("|", t.Values)));
}
