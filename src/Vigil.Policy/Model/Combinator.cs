namespace Vigil.Policy.Model;

/// <summary>How the rules of a check combine.</summary>
public enum Combinator
{
    /// <summary>Every rule passes.</summary>
    All,
    /// <summary>At least one rule passes.</summary>
    Any,
    /// <summary>No rule passes.</summary>
    None,
}
