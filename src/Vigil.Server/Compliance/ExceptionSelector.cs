using Vigil.Server.Actions;
using Vigil.Server.Storage;

namespace Vigil.Server.Compliance;

/// <summary>Which hosts an exception covers: a label selector in the action targeting syntax (<c>role=db</c>, <c>hostname=web-1</c>), or <c>*</c> for every host.</summary>
public sealed record ExceptionSelector(TargetSelector? Selector)
{
    public static ExceptionSelector Parse(string text) => text.Trim() == "*" ? new ExceptionSelector((TargetSelector?)null) : new ExceptionSelector(TargetSelector.Parse(text));

    public bool Matches(Agent agent) => Selector is null || Selector.Matches(agent);

    public override string ToString() => Selector?.ToString() ?? "*";
}
