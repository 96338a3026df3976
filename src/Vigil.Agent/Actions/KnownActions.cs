using Vigil.Agent.Actions.Catalog;

namespace Vigil.Agent.Actions;

/// <summary>
/// Every action the agent implements, one line each, keyed by the names in
/// <see cref="Vigil.Protocol.Actions.ActionCatalog"/> (a test checks the two lists agree). <c>collect-bundle</c> joins
/// here when bundles land.
/// </summary>
public static class KnownActions
{
    public static IReadOnlyDictionary<string, IAgentAction> All { get; } = new IAgentAction[]
    {
        new SnapshotAction(),
        new TailLogAction(),
        new ProcessesAction(),
        new ProcessAction(),
        new SocketsAction(),
        new DiskUsageAction(),
        new DnsAction(),
        new ConnectAction(),
        new FetchFileAction(),
        new RestartUnitAction(),
        new PatchFileAction(),
        new RunCommandAction(),
        new RunPolicyAction(),
        new SetConfigKeyAction(),
        new CollectBundleAction(),
    }.ToDictionary(a => a.Name, StringComparer.Ordinal);
}
