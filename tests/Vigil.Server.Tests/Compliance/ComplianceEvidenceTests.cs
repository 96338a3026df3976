using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Protocol;
using Vigil.Server.Compliance;
using Vigil.Server.Events;
using Vigil.Server.Ingest;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Compliance.ComplianceFixture;

namespace Vigil.Server.Tests.Compliance;

/// <summary>Compliance records become sealed evidence: stored, current status kept with since, drift events, and any change underneath found by verify.</summary>
public sealed class ComplianceEvidenceTests
{
    private static async Task<JsonNode> Json(Task<object> view) => JsonSerializer.SerializeToNode(await view, EventDataJson.Options)!;

    [Fact]
    public async Task A_run_is_stored_as_evidence_with_its_current_status_and_since()
    {
        await using var f = await OpenAsync();
        var agent = await f.Test.EnrollAsync();
        await f.IngestAsync(agent, Run("r1", TimeSpan.FromHours(1), Result("ssh-root", "pass", "no"), Result("tmp-noexec", "fail", "noexec missing"), Result("na", "not_applicable")));
        await f.IngestAsync(agent, Run("r2", TimeSpan.FromHours(2), Result("ssh-root", "pass", "no"), Result("tmp-noexec", "fail", "noexec missing"), Result("na", "not_applicable")));

        var host = await Json(f.Views.HostAsync((await f.Store.Agents.FindAsync(agent, default))!, default));
        var policy = host["policies"]![0]!;
        Assert.Equal("r2", policy["run"]!.GetValue<string>());
        Assert.Equal(Hash, policy["content_hash"]!.GetValue<string>());
        Assert.Equal(0.5, policy["score"]!.GetValue<double>());
        var tmp = policy["results"]!.AsArray().Single(r => r!["check"]!.GetValue<string>() == "tmp-noexec")!;
        Assert.Equal("noexec missing", tmp["observed"]!.GetValue<string>());
        Assert.Equal(Storage.Records.T0 + TimeSpan.FromHours(1), tmp["since"]!.GetValue<DateTimeOffset>());

        var (rows, next) = await f.Views.ResultsAsync(new EvidenceQuery(Storage.Records.T0, Storage.Records.T0 + TimeSpan.FromDays(1), null, null, "cis", 4, null), default);
        Assert.Equal(4, rows.Count);
        Assert.NotNull(next);
        var parts = next!.Split('.');
        var (rest, end) = await f.Views.ResultsAsync(new EvidenceQuery(Storage.Records.T0, Storage.Records.T0 + TimeSpan.FromDays(1), null, null, "cis", 4, (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))), default);
        Assert.Equal(2, rest.Count);
        Assert.Null(end);

        var verification = ComplianceVerifier.Verify(f.Audit.Path, f.Test.DatabasePath);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(2, verification.Runs);
        Assert.Equal(6, verification.Rows);
    }

    [Fact]
    public async Task A_check_going_from_pass_to_fail_and_back_fires_drift_and_recovery_but_not_on_first_sight()
    {
        await using var f = await OpenAsync();
        var agent = await f.Test.EnrollAsync();
        var first = await f.IngestAsync(agent, Run("r1", TimeSpan.FromHours(1), Result("ssh-root", "pass"), Result("tmp", "fail")));
        Assert.DoesNotContain(first.Changes, e => e.Type.StartsWith("dev.vigil.compliance.", StringComparison.Ordinal));

        var drifted = await f.IngestAsync(agent, Run("r2", TimeSpan.FromHours(2), Result("ssh-root", "fail", "PermitRootLogin yes"), Result("tmp", "fail")));
        var e = Assert.Single(drifted.Changes, c => c.Type == EventTypes.ComplianceDrifted);
        Assert.Equal("ssh-root", e.Data!.Value.GetProperty("check").GetString());
        Assert.Equal("PermitRootLogin yes", e.Data!.Value.GetProperty("observed").GetString());
        Assert.Equal(Policy, e.Data!.Value.GetProperty("policy").GetString());

        var recovered = await f.IngestAsync(agent, Run("r3", TimeSpan.FromHours(3), Result("ssh-root", "pass"), Result("tmp", "pass")));
        Assert.Equal(2, recovered.Changes.Count(c => c.Type == EventTypes.ComplianceRecovered));
        var stored = await f.Store.Events.QueryAsync(new EventQuery { Type = EventTypes.ComplianceDrifted }, default);
        Assert.Single(stored.Events);
    }

    [Fact]
    public async Task Altering_a_stored_result_underneath_is_found_and_the_row_named()
    {
        await using var f = await OpenAsync();
        var agent = await f.Test.EnrollAsync();
        await f.IngestAsync(agent, Run("r1", TimeSpan.FromHours(1), Result("ssh-root", "pass"), Result("tmp", "fail", "noexec missing")));
        await f.IngestAsync(agent, Run("r2", TimeSpan.FromHours(2), Result("ssh-root", "pass"), Result("tmp", "fail", "noexec missing")));
        Assert.True(ComplianceVerifier.Verify(f.Audit.Path, f.Test.DatabasePath).Intact);
        await f.Test.Store.DisposeAsync();

        var target = Sql<long>(f, "SELECT id FROM compliance_evidence WHERE run = 'r2' AND check_id = 'tmp'");
        Sql<long>(f, $"UPDATE compliance_evidence SET status = 'pass', observed = '' WHERE id = {target} RETURNING id");
        var altered = ComplianceVerifier.Verify(f.Audit.Path, f.Test.DatabasePath);
        Assert.False(altered.Intact);
        Assert.Equal(target, altered.FirstBadEvidence);
        Assert.Contains("altered", altered.Problem, StringComparison.Ordinal);

        // Rewriting the row's hash too does not help: the run's digest no longer matches its seal in the audit log.
        var fields = new EvidenceFields(agent, Storage.Records.Ms(TimeSpan.FromHours(2)), Policy, "1.0", Hash, "r2", "schedule", "tmp", "Title of tmp", "pass", "", "high",
            """{"cis":["5.2.10"]}""", """{"ssg":["sshd_disable_root_login"]}""", "Set PermitRootLogin no", null);
        Sql<long>(f, $"UPDATE compliance_evidence SET evidence_hash = '{ComplianceEvidenceHash.Of(fields)}' WHERE id = {target} RETURNING id");
        var rehashed = ComplianceVerifier.Verify(f.Audit.Path, f.Test.DatabasePath);
        Assert.False(rehashed.Intact);
        Assert.Contains("does not match its seal", rehashed.Problem, StringComparison.Ordinal);

        Sql<long>(f, "DELETE FROM compliance_evidence WHERE run = 'r1' AND check_id = 'ssh-root' RETURNING id");
        var removed = ComplianceVerifier.Verify(f.Audit.Path, f.Test.DatabasePath);
        Assert.False(removed.Intact);
        Assert.Equal(1, removed.FirstBadRun);
    }

    [Fact]
    public async Task Retention_removes_old_runs_whole_and_verify_counts_them_as_pruned_not_tampered()
    {
        await using var f = await OpenAsync();
        var agent = await f.Test.EnrollAsync();
        await f.IngestAsync(agent, Run("old", TimeSpan.FromHours(1), Result("ssh-root", "pass"), Result("tmp", "fail")));
        await f.IngestAsync(agent, Run("new", TimeSpan.FromDays(450), Result("ssh-root", "pass"), Result("tmp", "fail")));
        var report = await Vigil.Server.Storage.Sqlite.SqliteMaintenance.RunAsync(f.Test.Store.Writer, Storage.Records.T0 + TimeSpan.FromDays(451), new RetentionOptions(), default);
        Assert.Equal(1, report.EvidenceRunsDeleted);
        var verification = ComplianceVerifier.Verify(f.Audit.Path, f.Test.DatabasePath);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(1, verification.Pruned);
        Assert.Equal(1, verification.Runs);
    }

    [Fact]
    public void Bad_compliance_records_are_refused_naming_the_record_and_field()
    {
        var record = Run("r1", TimeSpan.FromHours(1), Result("ssh-root", "passed"));
        var batch = new Batch { AgentId = "agt_1", Sequence = 1, CreatedUnixMs = 1, Records = [Storage.Records.Samples(TimeSpan.Zero), record] };
        var e = Assert.Throws<BatchRejectedException>(() => BatchValidator.Validate(batch, "agt_1", new IngestLimits()));
        Assert.Equal(400, e.Status);
        Assert.Equal("records[1].results[0].status: 'passed' is not one of pass, fail, not_applicable, error", e.Message);

        var badHash = record with { ContentHash = "xyz", Results = [Result("a", "pass")] };
        e = Assert.Throws<BatchRejectedException>(() => BatchValidator.Validate(batch with { Records = [badHash] }, "agt_1", new IngestLimits()));
        Assert.StartsWith("records[0].content_hash:", e.Message, StringComparison.Ordinal);

        var longObserved = record with { Results = [Result("a", "fail", new string('x', 5000))] };
        e = Assert.Throws<BatchRejectedException>(() => BatchValidator.Validate(batch with { Records = [longObserved] }, "agt_1", new IngestLimits()));
        Assert.Equal("records[0].results[0].observed: longer than 4096 characters", e.Message);

        var severity = record with { Results = [Result("a", "fail", severity: "urgent")] };
        e = Assert.Throws<BatchRejectedException>(() => BatchValidator.Validate(batch with { Records = [severity] }, "agt_1", new IngestLimits()));
        Assert.StartsWith("records[0].results[0].severity:", e.Message, StringComparison.Ordinal);
    }

    private static T Sql<T>(ComplianceFixture f, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={f.Test.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
