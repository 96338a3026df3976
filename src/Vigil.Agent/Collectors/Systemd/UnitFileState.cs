namespace Vigil.Agent.Collectors.Systemd;

/// <summary>The unit file states systemctl list-unit-files reports, computed here from the files alone.</summary>
public static class UnitFileState
{
    /// <summary>Linked from a .wants/, .requires/ or .upholds/ directory, or aliased, under /etc/systemd/system.</summary>
    public const string Enabled = "enabled";
    /// <summary>The same under /run/systemd/system: until the next boot.</summary>
    public const string EnabledRuntime = "enabled-runtime";
    /// <summary>Has install rules (WantedBy=, RequiredBy=, UpheldBy=, Alias=) but nothing links to it.</summary>
    public const string Disabled = "disabled";
    /// <summary>No install rules: it is only ever started as a dependency of something else.</summary>
    public const string Static = "static";
    /// <summary>No rules of its own, only Also= naming units that carry them.</summary>
    public const string Indirect = "indirect";
    /// <summary>A symlink to /dev/null (or an empty file): it cannot be started at all.</summary>
    public const string Masked = "masked";
    /// <summary>Another name for a unit (a symlink to a unit file of a different name).</summary>
    public const string Alias = "alias";

    /// <summary>Every state, reported each run (zero or not) so the series stay stable.</summary>
    public static readonly string[] All = [Enabled, EnabledRuntime, Disabled, Static, Indirect, Masked, Alias];
}
