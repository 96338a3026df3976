using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Agent;
using Vigil.Agent.Actions;
using Vigil.Agent.Actions.Catalog;
using Vigil.Agent.Compliance;
using Vigil.Agent.Configuration;
using Vigil.Agent.Pipeline;
using Vigil.Agent.Spool;
using Vigil.AgentHost.Compliance;
using Vigil.Protocol;
using Vigil.Protocol.Actions;
using Record = Vigil.Protocol.Record;

namespace Vigil.AgentHost.Tests;

/// <summary>
/// The daemon's compliance schedule end to end at the runtime level: real policy files, a real host root of temp
/// files, the real evaluator, records read back from the real spool.
/// </summary>
public sealed class ComplianceDaemonTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();
    private readonly string _host;

    public ComplianceDaemonTests()
    {
        _host = Path.Combine(_dir.Path, "host");
        Directory.CreateDirectory(Path.Combine(_host, "etc", "ssh"));
        File.WriteAllText(SshdConfig, "PermitRootLogin yes\n");
    }

    private string SshdConfig => Path.Combine(_host, "etc", "ssh", "sshd_config");

    private const string SshPolicy = """
        id: ssh-test
        title: SSH test policy
        checks:
          - id: root-login
            title: Root cannot log in over SSH
            severity: high
            remediation: Set PermitRootLogin no
            remediation_action: {action: set-config-key, params: {path: /etc/ssh/sshd_config, key: PermitRootLogin, value: "no", format: sshd}}
            compliance: {cis: [5.2.10]}
            rules:
              - {kind: config, format: sshd, path: /etc/ssh/sshd_config, key: PermitRootLogin, equals: 'no'}
          - id: sshd-config-mode
            title: sshd_config is not writable by others
            rules:
              - {kind: file, path: /etc/ssh/sshd_config, mode_max: '0644'}
        """;

    private static ComplianceOptions Compliance(params string[] policies) => new()
    {
        Policies = policies,
        PoliciesDefaulted = false,
        StartupDelay = TimeSpan.Zero,
        Interval = TimeSpan.FromHours(1),
        Watch = new ComplianceWatchOptions { Debounce = TimeSpan.FromMilliseconds(200), Poll = TimeSpan.FromMilliseconds(100) },
        Budget = new ComplianceBudgetOptions { CpuPercent = 100, Nice = 7 },
    };

    private sealed class Daemon(AgentRuntime runtime, ComplianceScheduler scheduler, DiskSpool spool, CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public ComplianceScheduler Scheduler => scheduler;

        public List<Record> Records()
        {
            var records = new List<Record>();
            foreach (var batch in spool.ReadPending(10_000, long.MaxValue))
            {
                records.AddRange(JsonSerializer.Deserialize(batch.Payload.Span, ProtocolJsonContext.Default.Batch)!.Records);
            }
            return records;
        }

        public async Task<T> WaitForAsync<T>(Func<T, bool> match) where T : Record
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (waited.Elapsed < Patience)
            {
                if (Records().OfType<T>().FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                await Task.Delay(100);
            }
            throw new TimeoutException($"no matching {typeof(T).Name} within {Patience.TotalSeconds} s; health: {string.Join("; ", Records().OfType<HealthRecord>().Where(h => h.Status != HealthStatus.Ok && h.Source == ComplianceScheduler.Component).Select(h => h.Message))}");
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            runtime.Dispose();
            scheduler.Dispose();
            spool.Dispose();
            stop.Dispose();
        }
    }

    private Daemon Start(ComplianceOptions compliance)
    {
        var options = new AgentOptions
        {
            StateDirectory = Path.Combine(_dir.Path, "state"),
            HostRoot = _host,
            Interval = TimeSpan.FromSeconds(1),
            Detection = new AnomalyDetectionOptions { Enabled = false },
            Compliance = compliance,
        };
        Directory.CreateDirectory(options.StateDirectory);
        var agent = VigilAgent.Create(options);
        var spool = DiskSpool.Open(Path.Combine(options.StateDirectory, "spool"), options.Spool, TimeProvider.System);
        var inbox = new RecordInbox();
        var scheduler = ComplianceWiring.Create(agent, inbox, NullLogger.Instance);
        var runtime = new AgentRuntime(agent, spool, shipper: null, "agent-1", NullLogger.Instance) { Inbox = inbox, Compliance = scheduler };
        var stop = new CancellationTokenSource();
        return new Daemon(runtime, scheduler, spool, stop, Task.Run(() => runtime.RunAsync(stop.Token)));
    }

    [Fact]
    public async Task A_change_to_a_file_the_policy_reads_ships_a_new_record_with_trigger_file()
    {
        var policy = _dir.Write("ssh.yaml", SshPolicy);
        await using var daemon = Start(Compliance(policy));

        var first = await daemon.WaitForAsync<ComplianceRecord>(r => r.Trigger == ComplianceTriggers.Startup);
        Assert.Equal("ssh-test", first.Policy);
        var failing = Assert.Single(first.Results, r => r.Check == "root-login");
        Assert.Equal("fail", failing.Status);
        Assert.Contains("yes", failing.Observed, StringComparison.Ordinal);
        Assert.Equal(["5.2.10"], failing.Compliance["cis"]);
        Assert.Equal("Set PermitRootLogin no", failing.Remediation);
        Assert.Equal("set-config-key", failing.RemediationAction!.Action);
        Assert.Equal("no", failing.RemediationAction.Parameters["value"]);
        Assert.Equal(64, first.ContentHash.Length);

        File.WriteAllText(SshdConfig, "PermitRootLogin no\n");

        var second = await daemon.WaitForAsync<ComplianceRecord>(r => r.Trigger == ComplianceTriggers.File);
        Assert.Equal("/etc/ssh/sshd_config", second.TriggerPath);
        Assert.Equal("pass", Assert.Single(second.Results, r => r.Check == "root-login").Status);
        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public async Task A_policy_that_fails_to_load_is_reported_in_health_with_its_line_and_the_others_still_run()
    {
        var good = _dir.Write("ssh.yaml", SshPolicy);
        var bad = _dir.Write("broken.yaml", "id: broken\nchecks:\n  - id: one\n    title: One\n    rules:\n      - {kind: fiel, path: /etc/passwd}\n");
        await using var daemon = Start(Compliance(good, bad));

        var health = await daemon.WaitForAsync<HealthRecord>(h => h.Source == ComplianceScheduler.Component && h.Reason == "policy_invalid");
        Assert.Equal(HealthStatus.Failed, health.Status);
        Assert.True(health.Message.Contains("broken.yaml:6", StringComparison.Ordinal), health.Message);
        Assert.Contains("fiel", health.Message, StringComparison.Ordinal);
        await daemon.WaitForAsync<ComplianceRecord>(r => r.Policy == "ssh-test");
        Assert.Equal(["ssh-test"], daemon.Scheduler.Policies);
    }

    [Fact]
    public async Task Policies_are_evaluated_again_on_the_interval_on_a_lowered_priority_thread()
    {
        var policy = _dir.Write("ssh.yaml", SshPolicy);
        var mine = ThreadNice();
        await using var daemon = Start(Compliance(policy) with { Interval = TimeSpan.FromMilliseconds(300), Watch = new ComplianceWatchOptions { Enabled = false } });

        await daemon.WaitForAsync<ComplianceRecord>(r => r.Trigger == ComplianceTriggers.Startup);
        await daemon.WaitForAsync<ComplianceRecord>(r => r.Trigger == ComplianceTriggers.Schedule);
        var budget = daemon.Scheduler.LastBudget!;
        Assert.Equal(Math.Max(7, mine), budget.Nice);
        Assert.Equal(2, budget.Checks);
        Assert.Equal(mine, ThreadNice()); // only the evaluation thread was lowered
    }

    [Fact]
    public async Task Run_policy_evaluates_an_assigned_policy_ships_it_with_trigger_action_and_refuses_any_other()
    {
        var policy = _dir.Write("ssh.yaml", SshPolicy);
        await using var daemon = Start(Compliance(policy) with { StartupDelay = TimeSpan.FromHours(1) });
        var context = new ActionContext(new AgentOptions { StateDirectory = _dir.Path, HostRoot = _host }, _dir.File("agent.yaml"), TimeProvider.System, privilegedPermitted: false)
        {
            Compliance = daemon.Scheduler,
        };

        var output = await new RunPolicyAction().RunAsync(Call(new() { ["policy"] = "ssh-test", ["check"] = "root-login" }), context, CancellationToken.None);
        var result = Assert.Single(output["results"]!.AsArray());
        Assert.Equal("root-login", result!["check"]!.GetValue<string>());
        Assert.Equal("fail", result["status"]!.GetValue<string>());
        var shipped = await daemon.WaitForAsync<ComplianceRecord>(r => r.Trigger == ComplianceTriggers.Action);
        Assert.Equal(output["run"]!.GetValue<string>(), shipped.RunId);

        var other = await Assert.ThrowsAsync<ActionRefusedException>(() => new RunPolicyAction().RunAsync(Call(new() { ["policy"] = "builtin:debian-baseline" }), context, CancellationToken.None));
        Assert.Contains("not assigned", other.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ActionRefusedException>(() => new RunPolicyAction().RunAsync(Call(new() { ["policy"] = "ssh-test", ["check"] = "nope" }), context, CancellationToken.None));
    }

    private static ActionCall Call(Dictionary<string, string> parameters)
    {
        var definition = ActionCatalog.Find(ActionNames.RunPolicy)!;
        var (bound, problem) = definition.Bind(parameters);
        Assert.Null(problem);
        var payload = new ActionPayload { Version = 1, ActionId = "act_t", Target = "agent-1", Action = ActionNames.RunPolicy, Parameters = parameters, Nonce = "00", IssuedAtUnixMs = 0, ExpiresAtUnixMs = 0 };
        return new ActionCall(new VerifiedAction(payload, definition, bound!));
    }

    private static int ThreadNice()
    {
        var stat = File.ReadAllText($"/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _dir.Dispose();
}
