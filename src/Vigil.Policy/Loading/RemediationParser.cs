using Vigil.Policy.Model;
using Vigil.Protocol.Actions;

namespace Vigil.Policy.Loading;

/// <summary>
/// Reads a check's <c>remediation_action: {action: NAME, params: {...}, automatic: false}</c>. The action must be in
/// the catalog and its parameters must be what that action's definition accepts (names, kinds, bounds, required
/// ones present), so a policy cannot carry a remediation the agent would refuse; errors name file, line and key.
/// </summary>
public static class RemediationParser
{
    public const string Key = "remediation_action";

    /// <summary>The check's remediation action, or null when it has none.</summary>
    public static RemediationAction? Parse(ConfigMap check)
    {
        if (check.Map(Key) is not { } map)
        {
            return null;
        }
        var name = map.String("action") ?? throw map.Error("action", "required: an action name, e.g. set-config-key");
        var definition = ActionCatalog.Find(name);
        if (definition is null)
        {
            var hint = ConfigUnits.ClosestMatch(name, ActionCatalog.All.Select(d => d.Name)) is { } close ? $"did you mean '{close}'? " : "";
            throw map.Error("action", $"unknown action '{name}'; {hint}known: {string.Join(", ", ActionCatalog.All.Select(d => d.Name))}");
        }
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (map.Map("params") is { } given)
        {
            foreach (var key in given.Keys.ToList())
            {
                if (definition.Parameters.FirstOrDefault(p => p.Name == key) is not { } parameter)
                {
                    throw given.KeyError(key, $"{name} has no parameter '{key}' (known: {string.Join(", ", definition.Parameters.Select(p => p.Name))})");
                }
                var value = given.String(key) ?? throw given.Error(key, "expected a value");
                if (parameter.Check(value) is { } problem)
                {
                    throw given.Error(key, problem);
                }
                parameters[key] = value;
            }
            given.RejectUnknownKeys();
        }
        if (definition.Parameters.FirstOrDefault(p => p.Required && !parameters.ContainsKey(p.Name)) is { } missing)
        {
            throw map.Error("params", $"{name} needs parameter '{missing.Name}' ({missing.Description})");
        }
        var action = new RemediationAction(name, parameters, map.Bool("automatic", false));
        map.RejectUnknownKeys();
        return action;
    }
}
