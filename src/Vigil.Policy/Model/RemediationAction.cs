namespace Vigil.Policy.Model;

/// <summary>
/// <c>remediation_action</c> of a check: an action of the catalog (<c>Vigil.Protocol.Actions.ActionCatalog</c>)
/// with parameters the loader checked against its definition. The agent never runs it on its own: it travels with
/// the result, and the server runs it through the action channel once an operator approves (or, when
/// <see cref="Automatic"/> is set, without approval where the server allows that).
/// </summary>
public sealed record RemediationAction(
    string Action,
    [property: System.Text.Json.Serialization.JsonPropertyName("params")] IReadOnlyDictionary<string, string> Parameters,
    bool Automatic);
