namespace Vigil.Agent.Bundles;

/// <summary>
/// One part of a diagnostic bundle: identity, collectors, logs, the journal... A source writes its files through the
/// <see cref="BundleContext"/> (which redacts and caps them), reports what it could not gather with the reason, and
/// raises the headline problems it can see. It never throws for a missing or unreadable host file: that is a skip.
/// </summary>
public interface IBundleSource
{
    /// <summary>The name files are attributed to in the manifest (<c>collector</c>) and the report's section.</summary>
    string Name { get; }

    /// <summary>What the report says this section is.</summary>
    string Title { get; }

    Task CollectAsync(BundleContext context, CancellationToken cancellationToken);
}
