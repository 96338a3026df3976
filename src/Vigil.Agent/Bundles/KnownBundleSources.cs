using Vigil.Agent.Bundles.Sources;

namespace Vigil.Agent.Bundles;

/// <summary>Every source a bundle is made of, one line each, in the order they run and the report shows them.</summary>
public static class KnownBundleSources
{
    public static IReadOnlyList<IBundleSource> All { get; } =
    [
        new IdentitySource(),
        new CollectorsSource(),
        new ConfigFilesSource(),
        new LogsSource(),
        new JournalSource(),
        new NetworkSource(),
        new KernelMessagesSource(),
        new KubernetesSource(),
    ];
}
