using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions;

/// <summary>
/// <c>actions</c>: the host's own allowlist of remote actions. Only this file on this host decides what may run here;
/// nothing the server sends can widen it. The default allows the read-only diagnostics and nothing that changes the
/// host. Privileged actions additionally need this file to be readable by its owner (root) alone.
/// </summary>
public sealed record ActionsOptions
{
    /// <summary>The read-only diagnostics: what <c>allow</c> holds by default.</summary>
    public static IReadOnlyList<string> ReadOnly { get; } = ActionCatalog.All.Where(d => !d.Privileged).Select(d => d.Name).ToList();

    /// <summary><c>enabled</c>: keep the action channel to the server open. Default true.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary><c>allow</c>: the actions that may run here, by name. Default: every read-only diagnostic.</summary>
    public IReadOnlyList<string> Allow { get; init; } = ReadOnly;
    /// <summary><c>read_paths</c>: directories (or files) that tail-log, fetch-file and disk-usage may read. Default [/var/log].</summary>
    public IReadOnlyList<string> ReadPaths { get; init; } = ["/var/log"];
    /// <summary><c>units</c>: systemd units restart-unit may restart. Default none.</summary>
    public IReadOnlyList<string> Units { get; init; } = [];
    /// <summary><c>commands</c>: what run-command may run, by name. Default none.</summary>
    public IReadOnlyList<AllowedCommand> Commands { get; init; } = [];
    /// <summary><c>patch_files</c>: files patch-file may replace and set-config-key may edit, each with its validation command. Default none.</summary>
    public IReadOnlyList<PatchableFile> PatchFiles { get; init; } = [];
    /// <summary><c>max_output</c>: the most one result may carry to the server, after redaction. Default 1MiB.</summary>
    public long MaxOutputBytes { get; init; } = 1L << 20;
    /// <summary><c>timeout</c>: the longest one action may run. Default 60s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary><c>max_concurrent</c>: actions running at the same time; more are refused as busy. Default 2.</summary>
    public int MaxConcurrent { get; init; } = 2;
    /// <summary><c>max_clock_skew</c>: how far the server's clock may be ahead when the agent checks issue and expiry times. Default 2m.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(2);

    public bool Allows(string action) => Allow.Contains(action, StringComparer.Ordinal);

    public static ActionsOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new ActionsOptions();
        }
        var defaults = new ActionsOptions();
        var options = new ActionsOptions
        {
            Enabled = map.Bool("enabled", true),
            Allow = map.StringList("allow", defaults.Allow),
            ReadPaths = map.StringList("read_paths", defaults.ReadPaths),
            Units = map.StringList("units", []),
            Commands = map.MapList("commands").Select(BindCommand).ToList(),
            PatchFiles = map.MapList("patch_files").Select(BindPatch).ToList(),
            MaxOutputBytes = map.Bytes("max_output", defaults.MaxOutputBytes, min: 4096),
            Timeout = map.Duration("timeout", defaults.Timeout, min: TimeSpan.FromSeconds(1)),
            MaxConcurrent = map.Int("max_concurrent", defaults.MaxConcurrent, min: 1, max: 64),
            MaxClockSkew = map.Duration("max_clock_skew", defaults.MaxClockSkew, min: TimeSpan.Zero),
        };
        map.RejectUnknownKeys();
        if (options.Validate() is { } problem)
        {
            throw map.Error(problem.Key, problem.Message);
        }
        return options;
    }

    /// <summary>The first problem, as the key under <c>actions</c> it concerns and what is wrong; null when valid.</summary>
    public (string Key, string Message)? Validate()
    {
        for (var i = 0; i < Allow.Count; i++)
        {
            if (ActionCatalog.Find(Allow[i]) is null)
            {
                return ($"allow", $"allow[{i}]: '{Allow[i]}' is not an action (known: {string.Join(", ", ActionCatalog.All.Select(d => d.Name))})");
            }
        }
        for (var i = 0; i < ReadPaths.Count; i++)
        {
            if (!ReadPaths[i].StartsWith('/') || ReadPaths[i].Split('/').Contains(".."))
            {
                return ("read_paths", $"read_paths[{i}]: '{ReadPaths[i]}' is not an absolute path without '..'");
            }
        }
        var unit = new ActionParameter("unit", ParameterKind.Name, "");
        for (var i = 0; i < Units.Count; i++)
        {
            if (unit.Check(Units[i]) is not null)
            {
                return ("units", $"units[{i}]: '{Units[i]}' is not a unit name");
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Commands.Count; i++)
        {
            if (!names.Add(Commands[i].Name))
            {
                return ("commands", $"commands[{i}].name: '{Commands[i].Name}' is defined twice");
            }
        }
        if (Timeout > TimeSpan.FromHours(1))
        {
            return ("timeout", "at most 1h");
        }
        if (MaxOutputBytes > 64L << 20)
        {
            return ("max_output", "at most 64MiB");
        }
        return null;
    }

    private static AllowedCommand BindCommand(ConfigMap map)
    {
        var name = map.String("name") ?? throw map.Error("name", "required: the name run-command asks for");
        if (new ActionParameter("name", ParameterKind.Name, "").Check(name) is not null)
        {
            throw map.Error("name", $"'{name}' is not a name (letters, digits and @._:- only)");
        }
        var command = new AllowedCommand(name, Argv(map, "argv", required: true), map.Duration("timeout", TimeSpan.FromSeconds(30), min: TimeSpan.FromSeconds(1)));
        map.RejectUnknownKeys();
        return command;
    }

    private static PatchableFile BindPatch(ConfigMap map)
    {
        var path = map.String("path") ?? throw map.Error("path", "required: the file patch-file may replace");
        if (!path.StartsWith('/') || path.Split('/').Contains(".."))
        {
            throw map.Error("path", $"'{path}' is not an absolute path without '..'");
        }
        var unit = map.String("unit");
        if (unit is not null && new ActionParameter("unit", ParameterKind.Name, "").Check(unit) is not null)
        {
            throw map.Error("unit", $"'{unit}' is not a unit name");
        }
        var file = new PatchableFile(path, Argv(map, "validate", required: true), Argv(map, "then", required: false))
        {
            Unit = unit,
            UnitTimeout = map.Duration("unit_timeout", TimeSpan.FromSeconds(15), min: TimeSpan.FromSeconds(1)),
        };
        map.RejectUnknownKeys();
        return file;
    }

    private static IReadOnlyList<string> Argv(ConfigMap map, string key, bool required)
    {
        var argv = map.StringList(key, []);
        if (argv.Count == 0)
        {
            return required ? throw map.Error(key, "required: the program and its arguments, e.g. [/usr/sbin/nginx, -t]") : argv;
        }
        return argv[0].StartsWith('/') ? argv : throw map.Error(key, $"'{argv[0]}' is not an absolute path: name the program by its full path");
    }
}
