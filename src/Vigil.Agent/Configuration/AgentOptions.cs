namespace Vigil.Agent.Configuration;

/// <summary>
/// Everything <c>/etc/vigil/agent.yaml</c> can say. Every key has a default, so an empty file (or none) is a
/// working configuration. Keys are snake_case in YAML; <c>schemas/agent.schema.json</c> describes them for editors.
/// </summary>
public sealed record AgentOptions
{
    public const string DefaultPath = "/etc/vigil/agent.yaml";

    /// <summary><c>agent_id</c>: identity on the wire. Default: the enrolled id, else generated once and kept in the state directory.</summary>
    public string? AgentId { get; init; }
    /// <summary><c>state_dir</c>: where the spool and detector state live. Default <c>/var/lib/vigil</c>.</summary>
    public string StateDirectory { get; init; } = "/var/lib/vigil";
    /// <summary><c>host_root</c>: the host's root filesystem; <c>/host</c> when the agent runs in a container. Default <c>/</c>.</summary>
    public string HostRoot { get; init; } = "/";
    /// <summary><c>interval</c>: default collection interval for collectors that do not set their own. Default 10s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    public CollectorsOptions Collectors { get; init; } = new();
    public PipelineOptions Pipeline { get; init; } = new();
    public SpoolOptions Spool { get; init; } = new();
    public OutputOptions Output { get; init; } = new();
    public ServerOptions Server { get; init; } = new();
    public LimitsOptions Limits { get; init; } = new();
    public AnomalyDetectionOptions Detection { get; init; } = new();
    /// <summary><c>actions</c>: which remote actions may run on this host (see <see cref="Actions.ActionsOptions"/>).</summary>
    public Actions.ActionsOptions Actions { get; init; } = new();
    /// <summary><c>compliance</c>: the policies the daemon evaluates (see <see cref="ComplianceOptions"/>).</summary>
    public ComplianceOptions Compliance { get; init; } = new();
    /// <summary><c>bundles</c>: what diagnostic bundles gather (see <see cref="Bundles.BundleOptions"/>).</summary>
    public Bundles.BundleOptions Bundles { get; init; } = new();

    public static AgentOptions Bind(ConfigMap root)
    {
        var options = new AgentOptions
        {
            AgentId = root.String("agent_id"),
            StateDirectory = root.String("state_dir", "/var/lib/vigil"),
            HostRoot = root.String("host_root", "/"),
            Interval = root.Duration("interval", TimeSpan.FromSeconds(10), min: TimeSpan.FromSeconds(1)),
            Collectors = CollectorsOptions.Bind(root.Map("collectors")),
            Pipeline = PipelineOptions.Bind(root.Map("pipeline")),
            Spool = SpoolOptions.Bind(root.Map("spool")),
            Output = OutputOptions.Bind(root.Map("output")),
            Server = ServerOptions.Bind(root.Map("server")),
            Limits = LimitsOptions.Bind(root.Map("limits")),
            Detection = AnomalyDetectionOptions.Bind(root.Map("detection")),
            Actions = Vigil.Agent.Actions.ActionsOptions.Bind(root.Map("actions")),
            Compliance = ComplianceOptions.Bind(root.Map("compliance")),
            Bundles = Vigil.Agent.Bundles.BundleOptions.Bind(root.Map("bundles")),
        };
        root.RejectUnknownKeys();
        return options;
    }
}
