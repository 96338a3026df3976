using System.Globalization;

namespace Vigil.Agent.Actions;

/// <summary>A verified action's parameters, typed on the way out (they were checked against their kinds already).</summary>
public sealed class ActionCall(VerifiedAction action)
{
    public VerifiedAction Action { get; } = action;

    public string? String(string name) => Action.Parameters.TryGetValue(name, out var value) ? value : null;

    public string Required(string name) => String(name) ?? throw new InvalidOperationException($"{name} is required");

    public long Integer(string name) => long.Parse(Required(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public int Int(string name) => checked((int)Integer(name));

    public bool Boolean(string name) => String(name) == "true";
}
