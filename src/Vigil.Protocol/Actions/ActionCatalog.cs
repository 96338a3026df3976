using K = Vigil.Protocol.Actions.ParameterKind;

namespace Vigil.Protocol.Actions;

/// <summary>
/// Every action Vigil knows, registered here once: the contract server and agent share. The agent maps each name to
/// its implementation in <c>Vigil.Agent.Actions.KnownActions</c>. Two more come with their features: <c>run-policy</c>
/// (compliance policies) and <c>collect-bundle</c> (diagnostic bundles), each one more line here and one there.
/// </summary>
public static class ActionCatalog
{
    private const string Str = """{"type":"string"}""";
    private const string Int = """{"type":"integer"}""";
    private const string Bool = """{"type":"boolean"}""";

    public static IReadOnlyList<ActionDefinition> All { get; } =
    [
        new(ActionNames.Snapshot, "Every enabled collector, run twice one second apart: metrics, inventory, identity and health as records", false, [],
            Obj(("records", """{"type":"array","items":{"type":"object","required":["type","src"]}}"""), ("collectors", Int))),
        new(ActionNames.TailLog, "The last lines of a log file, or of the journal (all of it or one unit's), optionally only those matching a pattern", false,
            [
                new("path", K.Path, "log file to read; omit for the journal") { MaxLength = 4096 },
                new("unit", K.Name, "with no path: only this systemd unit's journal"),
                new("lines", K.Integer, "how many lines, from the end") { Default = "100", Min = 1, Max = 10_000 },
                new("grep", K.String, "only lines matching this regular expression"),
                new("max_bytes", K.Integer, "at most this many bytes of lines") { Default = "262144", Min = 1024, Max = 1 << 20 },
            ],
            Obj(("source", Str), ("lines", """{"type":"array","items":{"type":"string"}}"""), ("truncated", Bool))),
        new(ActionNames.Processes, "Every process: pid, parent, user, state, CPU time, memory, threads and command line", false,
            [new("limit", K.Integer, "at most this many, largest resident memory first") { Default = "500", Min = 1, Max = 10_000 }],
            Obj(("processes", """{"type":"array","items":{"type":"object","required":["pid","ppid","name","state","uid","rss_bytes","threads","cmdline"]}}"""), ("total", Int))),
        new(ActionNames.Process, "One process in depth: status, threads, open files, sockets, limits and cgroup", false,
            [new("pid", K.Integer, "process id") { Required = true, Min = 1, Max = 1 << 30 }],
            Obj(("pid", Int), ("name", Str), ("state", Str), ("cmdline", Str), ("threads", "{\"type\":\"array\"}"), ("open_files", "{\"type\":\"array\"}"),
                ("sockets", "{\"type\":\"array\"}"), ("limits", "{\"type\":\"array\"}"), ("cgroup", "{\"type\":\"array\"}"))),
        new(ActionNames.Sockets, "The TCP and UDP socket table (IPv4 and IPv6) with the owning process where it can be found", false,
            [
                new("state", K.Name, "only sockets in this state, e.g. LISTEN or ESTABLISHED"),
                new("limit", K.Integer, "at most this many") { Default = "2000", Min = 1, Max = 50_000 },
            ],
            Obj(("sockets", """{"type":"array","items":{"type":"object","required":["protocol","local","remote","state","inode"]}}"""), ("total", Int))),
        new(ActionNames.DiskUsage, "Bytes and files under a path, with the largest entries one level down", false,
            [
                new("path", K.Path, "directory or file") { Required = true, MaxLength = 4096 },
                new("max_files", K.Integer, "stop counting after this many files") { Default = "200000", Min = 1, Max = 5_000_000 },
                new("top", K.Integer, "how many of the largest entries to list") { Default = "20", Min = 1, Max = 1000 },
            ],
            Obj(("path", Str), ("bytes", Int), ("files", Int), ("directories", Int), ("entries", "{\"type\":\"array\"}"), ("truncated", Bool))),
        new(ActionNames.Dns, "Resolves a name with the host's own resolver, with timing", false,
            [new("name", K.String, "host name to resolve") { Required = true, MaxLength = 253 }],
            Obj(("name", Str), ("addresses", """{"type":"array","items":{"type":"string"}}"""), ("elapsed_ms", """{"type":"number"}"""))),
        new(ActionNames.Connect, "TCP (and optionally TLS) connectivity from the host to host:port: resolution, connect and handshake timing, certificate chain", false,
            [
                new("host", K.String, "host name or address") { Required = true, MaxLength = 253 },
                new("port", K.Integer, "TCP port") { Required = true, Min = 1, Max = 65535 },
                new("tls", K.Boolean, "also do a TLS handshake") { Default = "false" },
                new("server_name", K.String, "TLS server name, when it differs from host") { MaxLength = 253 },
                new("timeout_ms", K.Integer, "for each step") { Default = "5000", Min = 100, Max = 30_000 },
            ],
            Obj(("host", Str), ("port", Int), ("connected", Bool), ("dns_ms", """{"type":"number"}"""))),
        new(ActionNames.FetchFile, "A file's content, size-capped and with secrets redacted", false,
            [
                new("path", K.Path, "file to fetch") { Required = true, MaxLength = 4096 },
                new("max_bytes", K.Integer, "at most this many bytes") { Default = "262144", Min = 1, Max = 1 << 20 },
            ],
            Obj(("path", Str), ("size", Int), ("sha256", Str), ("content", Str), ("truncated", Bool))),
        new(ActionNames.RestartUnit, "Restarts a systemd unit the host's allowlist names, and reports its state before and after", true,
            [
                new("unit", K.Name, "the unit, e.g. nginx.service") { Required = true },
                new("dry_run", K.Boolean, "show what would change and change nothing") { Default = "false" },
            ],
            Obj(("unit", Str), ("before", Str), ("after", Str), ("exit_code", Int))),
        new(ActionNames.PatchFile, "Replaces a config file the host's allowlist names, runs its validation command, and restores the previous content if validation fails", true,
            [
                new("path", K.Path, "the file; must be listed under actions.patch_files") { Required = true, MaxLength = 4096 },
                new("content", K.Text, "the file's new content") { Required = true, MaxLength = 256 * 1024 },
                new("expect_sha256", K.Name, "SHA-256 (hex) the current content must have, so a change made meanwhile is not overwritten"),
                new("dry_run", K.Boolean, "show what would change and change nothing") { Default = "false" },
            ],
            Obj(("path", Str), ("previous_sha256", Str), ("sha256", Str), ("validated", Bool), ("rolled_back", Bool))),
        new(ActionNames.RunCommand, "Runs a command the host's allowlist defines, by name (the arguments are the allowlist's, never the caller's)", true,
            [
                new("name", K.Name, "the command's name under actions.commands") { Required = true },
                new("dry_run", K.Boolean, "show what would change and change nothing") { Default = "false" },
            ],
            Obj(("name", Str), ("argv", """{"type":"array","items":{"type":"string"}}"""), ("exit_code", Int), ("stdout", Str), ("stderr", Str), ("truncated", Bool))),
        new(ActionNames.RunPolicy, "Evaluates one of the host's assigned compliance policies now (or one check of it) and ships the results as evidence", false,
            [
                new("policy", K.Name, "the policy's id; it must be assigned in the host's agent.yaml") { Required = true },
                new("check", K.Name, "only this check"),
            ],
            Obj(("policy", Str), ("content_hash", Str), ("results", """{"type":"array","items":{"type":"object","required":["check","status","observed"]}}"""))),
        new(ActionNames.SetConfigKey, "Sets one key in a config file the host's allowlist names (sshd, keyvalue, ini or sysctl format), validates it, reloads, and restores the previous file if validation fails or the service does not come back", true,
            [
                new("path", K.Path, "the file; must be listed under actions.patch_files") { Required = true, MaxLength = 4096 },
                new("key", K.Name, "the key, e.g. PermitRootLogin") { Required = true },
                new("value", K.String, "its new value") { Required = true, MaxLength = 4096 },
                new("format", K.Name, "sshd, keyvalue, ini or sysctl") { Default = "keyvalue" },
                new("section", K.Name, "for ini: the section"),
                new("dry_run", K.Boolean, "show the change as a unified diff and write nothing") { Default = "false" },
            ],
            Obj(("path", Str), ("diff", Str), ("changed", Bool), ("dry_run", Bool), ("rolled_back", Bool))),
        new(ActionNames.CollectBundle, "Gathers a diagnostic bundle (identity, collectors, configuration, logs, journal, network, kernel messages), secrets redacted, keeps it on the host and uploads it", false,
            [
                new("profile", K.Name, "default, full or a profile named under bundles.profiles") { Default = "default" },
                new("since", K.String, "how far back logs reach, e.g. 30m, 24h, 7d") { Default = "24h", MaxLength = 16 },
                new("upload", K.Boolean, "send the bundle to the server when the agent is enrolled") { Default = "true" },
            ],
            Obj(("id", Str), ("path", Str), ("files", Int), ("bytes", Int), ("logical_bytes", Int), ("redactions", Int), ("skipped", Int),
                ("problems", """{"type":"array","items":{"type":"object","required":["severity","summary"]}}"""), ("uploaded", """{"type":["string","null"]}"""))),
    ];

    /// <summary>The definition named <paramref name="name"/>, or null.</summary>
    public static ActionDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    private static string Obj(params (string Name, string Schema)[] properties) =>
        "{\"type\":\"object\",\"required\":[" + string.Join(",", properties.Select(p => "\"" + p.Name + "\""))
        + "],\"properties\":{" + string.Join(",", properties.Select(p => "\"" + p.Name + "\":" + p.Schema)) + "}}";
}
