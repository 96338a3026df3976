namespace Vigil.Agent.Collectors.Systemd;

/// <summary>What a unit file's [Install] section asks for, which decides disabled vs static vs indirect.</summary>
public readonly record struct UnitInstallRules(bool HasRules, bool HasAlso)
{
    /// <summary>The state of a unit nothing enables, as systemd's install logic decides it.</summary>
    public string UnlinkedState => HasRules ? UnitFileState.Disabled : HasAlso ? UnitFileState.Indirect : UnitFileState.Static;

    /// <summary>Reads the [Install] section; only non-empty WantedBy/RequiredBy/UpheldBy/Alias count as rules.</summary>
    public static UnitInstallRules Parse(ReadOnlySpan<char> text)
    {
        var inInstall = false;
        bool rules = false, also = false;
        foreach (var raw in text.EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[')
            {
                inInstall = line.SequenceEqual("[Install]");
                continue;
            }
            var eq = line.IndexOf('=');
            if (!inInstall || eq <= 0 || line[(eq + 1)..].Trim().IsEmpty)
            {
                continue;
            }
            var key = line[..eq].Trim();
            if (key is "WantedBy" or "RequiredBy" or "UpheldBy" or "Alias")
            {
                rules = true;
            }
            else if (key is "Also")
            {
                also = true;
            }
        }
        return new UnitInstallRules(rules, also);
    }
}
