namespace Vigil.Agent.Bundles;

/// <summary>What one bundle should hold: the profile, how far back logs reach, and why it is collected.</summary>
/// <param name="Since">Logs, the journal and kernel messages older than this are left out where their timestamps tell.</param>
/// <param name="SinceText">The same as the user wrote it (e.g. <c>24h</c>), for the manifest.</param>
/// <param name="Trigger"><c>cli</c> or <c>action</c>.</param>
/// <param name="ConfigPath">The agent.yaml in use, gathered (redacted) with the configuration files when it exists.</param>
public sealed record BundleRequest(BundleProfile Profile, TimeSpan Since, string SinceText, string Trigger, string? ConfigPath)
{
    /// <summary>The longest <c>--since</c> accepted.</summary>
    public static TimeSpan MaxSince { get; } = TimeSpan.FromDays(366);

    /// <summary>Parses <c>--since</c> (<c>30m</c>, <c>24h</c>, <c>7d</c>); null with <paramref name="problem"/> set when it is not one.</summary>
    public static TimeSpan? ParseSince(string text, out string? problem)
    {
        problem = null;
        if (!ConfigUnits.TryParseDuration(text, out var since) || since <= TimeSpan.Zero)
        {
            problem = $"'{text}' is not a duration such as 30m, 24h or 7d";
            return null;
        }
        if (since > MaxSince)
        {
            problem = $"'{text}' reaches back more than 366d";
            return null;
        }
        return since;
    }
}
