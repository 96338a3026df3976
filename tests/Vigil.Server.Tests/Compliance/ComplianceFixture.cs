using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Protocol;
using Vigil.Protocol.Actions;
using Vigil.Server.Actions;
using Vigil.Server.Audit;
using Vigil.Server.Compliance;
using Vigil.Server.Storage;
using Vigil.Server.Tests.Storage;

namespace Vigil.Server.Tests.Compliance;

/// <summary>
/// The server's compliance pieces on a real store, a real audit log and a real action store in a temporary folder,
/// with a simulated agent that takes its deliveries from the action channel and answers them.
/// </summary>
internal sealed class ComplianceFixture : IAsyncDisposable
{
    public const string Policy = "vigil-debian-baseline";
    public static readonly string Hash = new('a', 64);
    private long _sequence;

    private ComplianceFixture(TestStore test)
    {
        Test = test;
        Audit = AuditLog.Open(Path.Combine(test.Directory, "audit.db"), test.Time);
        ActionStore = ActionStore.Open(Path.Combine(test.Directory, "actions.db"));
        Key = ActionSigningKey.LoadOrCreate(test.Directory);
        Actions = new ActionService(ActionStore, Audit, Key, new AgentMailbox(), test.Store, new ActionOptions(), test.Time, NullLogger<ActionService>.Instance);
        Sealer = new ComplianceSealer(test.Store, Audit);
        Views = new ComplianceViews(test.Store, test.Time);
        Exceptions = new ExceptionService(test.Store, Audit, test.Time);
        Remediations = new RemediationService(test.Store, Actions, Audit, test.Time);
    }

    public TestStore Test { get; }
    public IServerStore Store => Test.Store;
    public AuditLog Audit { get; }
    public ActionStore ActionStore { get; }
    public ActionSigningKey Key { get; }
    public ActionService Actions { get; }
    public ComplianceSealer Sealer { get; }
    public ComplianceViews Views { get; }
    public ExceptionService Exceptions { get; }
    public RemediationService Remediations { get; }

    public static readonly Caller Admin = new("tok_admin", "alice", Role.Admin);
    public static readonly Caller SecondAdmin = new("tok_admin2", "bob", Role.Admin);
    public static readonly Caller Operator = new("tok_operator", "olivia", Role.Operator);
    public static readonly Caller Viewer = new("tok_viewer", "victor", Role.Viewer);

    public static async Task<ComplianceFixture> OpenAsync()
    {
        var test = await TestStore.OpenAsync();
        Directory.CreateDirectory(test.Directory);
        return new ComplianceFixture(test);
    }

    public static ComplianceCheckResult Result(string check, string status, string observed = "", ComplianceRemediation? action = null, string severity = "high") => new()
    {
        Check = check,
        Title = "Title of " + check,
        Status = status,
        Observed = observed,
        Severity = severity,
        Compliance = new Dictionary<string, IReadOnlyList<string>> { ["cis"] = ["5.2.10"] },
        References = new Dictionary<string, IReadOnlyList<string>> { ["ssg"] = ["sshd_disable_root_login"] },
        Remediation = "Set PermitRootLogin no",
        RemediationAction = action,
    };

    public static ComplianceRecord Run(string run, TimeSpan at, params ComplianceCheckResult[] results) => new()
    {
        Source = "compliance",
        TimestampUnixMs = Records.Ms(at),
        RunId = run,
        Policy = Policy,
        PolicyVersion = "1.0",
        PolicyTitle = "Vigil Debian baseline",
        ContentHash = Hash,
        Trigger = "schedule",
        StartedUnixMs = Records.Ms(at) - 50,
        Results = results,
    };

    /// <summary>Commits a batch with these runs and seals them, as ingest does.</summary>
    public async Task<IngestResult> IngestAsync(string agentId, params ComplianceRecord[] runs)
    {
        var result = await Test.CommitAsync(agentId, ++_sequence, runs);
        Assert.Equal(IngestStatus.Stored, result.Status);
        await Sealer.SealAsync(CancellationToken.None);
        return result;
    }

    /// <summary>The simulated agent: takes what is queued for it and answers each with <paramref name="answer"/>.</summary>
    public IReadOnlyList<ActionPayload> Answer(string agentId, Func<ActionPayload, (ActionOutcome Outcome, object? Output)> answer)
    {
        var taken = new List<ActionPayload>();
        foreach (var envelope in Actions.Take(agentId))
        {
            var payload = JsonSerializer.Deserialize(envelope.Payload, ActionJsonContext.Default.ActionPayload)!;
            using (var publicKey = ActionSignature.ImportPublicKey(Key.PublicKeyPem))
            {
                Assert.True(ActionSignature.Verify(publicKey, envelope.Payload, envelope.Signature!), "the envelope is signed by the server's key");
            }
            var (outcome, output) = answer(payload);
            Assert.True(Actions.Record(agentId, new ActionResult
            {
                DeliveryId = envelope.DeliveryId,
                ActionId = payload.ActionId,
                Outcome = outcome,
                Code = outcome == ActionOutcome.Succeeded ? null : "failed",
                Error = outcome == ActionOutcome.Succeeded ? null : "the host said no",
                Output = output is null ? null : JsonSerializer.SerializeToElement(output),
            }, 100));
            taken.Add(payload);
        }
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        Sealer.Dispose();
        Audit.Dispose();
        ActionStore.Dispose();
        Key.Dispose();
        await Test.DisposeAsync();
    }
}
