using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Server.Compliance.Export;

namespace Vigil.Server.Tests.Compliance.Export;

public sealed class OscalAssessmentResultsWriterTests
{
    private static readonly JsonSchema RequiredStructure =
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Compliance", "Export", "oscal-assessment-results.required.schema.json"));

    [Fact]
    public void Two_exports_of_the_same_evidence_are_byte_identical_whatever_order_the_rows_came_in()
    {
        var first = ReportOutput.OscalBytes(ReportSamples.Input());
        var again = ReportOutput.OscalBytes(ReportSamples.Input());
        var shuffled = ReportSamples.Rows();
        shuffled.Reverse();
        Assert.Equal(first, again);
        Assert.Equal(first, ReportOutput.OscalBytes(ReportSamples.Input(rows: shuffled)));
    }

    [Fact]
    public void Different_evidence_gives_a_different_document_uuid()
    {
        var rows = ReportSamples.Rows();
        rows.RemoveAt(rows.Count - 2);
        Assert.NotEqual(ReportOutput.Oscal(ReportSamples.Input())["uuid"]!.GetValue<string>(), ReportOutput.Oscal(ReportSamples.Input(rows: rows))["uuid"]!.GetValue<string>());
    }

    [Fact]
    public void The_document_has_the_structure_OSCAL_requires()
    {
        var document = JsonNode.Parse(ReportOutput.OscalBytes(ReportSamples.Input()));
        var evaluation = RequiredStructure.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, string.Join("\n", (evaluation.Details ?? []).Where(d => d.HasErrors)
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Select(e => e.Value))}")));

        var oscal = document!["assessment-results"]!;
        Assert.Equal("1.1.2", oscal["metadata"]!["oscal-version"]!.GetValue<string>());
        Assert.Equal("2026-11-02T08:30:00Z", oscal["metadata"]!["last-modified"]!.GetValue<string>());
        var plan = oscal["import-ap"]!["href"]!.GetValue<string>();
        Assert.Equal("#" + oscal["back-matter"]!["resources"]![0]!["uuid"]!.GetValue<string>(), plan);
        var result = oscal["results"]![0]!;
        Assert.Equal("2026-11-01T00:00:00Z", result["start"]!.GetValue<string>());
        Assert.Equal("2026-11-02T00:00:00Z", result["end"]!.GetValue<string>());
        var controls = result["reviewed-controls"]!["control-selections"]![0]!["include-controls"]!.AsArray().Select(c => c!["control-id"]!.GetValue<string>());
        Assert.Equal(["ac-17", "ac-3", "ac-6.2", "ac-8", "cm-6", "cm-7"], controls);
    }

    [Fact]
    public void The_structure_check_rejects_what_OSCAL_rejects()
    {
        var document = JsonNode.Parse(ReportOutput.OscalBytes(ReportSamples.Input()))!;
        var observation = document["assessment-results"]!["results"]![0]!["observations"]![0]!.AsObject();
        observation.Remove("collected");
        Assert.False(RequiredStructure.Evaluate(document).IsValid);
        document = JsonNode.Parse(ReportOutput.OscalBytes(ReportSamples.Input()))!;
        document["assessment-results"]!["results"]![0]!["findings"]![0]!["target"]!["target-id"] = "5.2.10";
        Assert.False(RequiredStructure.Evaluate(document).IsValid);
    }

    [Fact]
    public void Every_evidence_row_in_range_is_one_observation_named_after_its_hash()
    {
        var input = ReportSamples.Input();
        var result = ReportOutput.Oscal(input)["results"]![0]!;
        var observations = result["observations"]!.AsArray();
        var expected = input.Rows.Where(r => r.Time >= input.From && r.Time < input.To && r.Check != "audit.enabled").ToList();
        Assert.Equal(expected.Count, observations.Count);
        Assert.Equal(3 * 6, expected.Count);
        var inventory = result["local-definitions"]!["inventory-items"]!.AsArray().Select(i => i!["uuid"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(3, inventory.Count);
        foreach (var row in expected)
        {
            var o = observations.Single(x => x!["uuid"]!.GetValue<string>() == DeterministicUuid.From("observation:" + row.EvidenceHash))!;
            Assert.Equal(["TEST"], o["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Equal(ReportTime.Format(row.Time), o["collected"]!.GetValue<string>());
            Assert.Contains(row.EvidenceHash, o["relevant-evidence"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(o["subjects"]![0]!["subject-uuid"]!.GetValue<string>(), inventory);
            Assert.Equal("inventory-item", o["subjects"]![0]!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Each_control_on_each_host_is_a_finding_not_satisfied_where_a_check_failed()
    {
        var findings = ReportOutput.Oscal(ReportSamples.Input())["results"]![0]!["findings"]!.AsArray().Select(f => f!.AsObject()).ToList();
        JsonObject Finding(string title) => findings.Single(f => f["title"]!.GetValue<string>() == title);
        string State(JsonObject f) => f["target"]!["status"]!["state"]!.GetValue<string>();

        // 6 controls on 3 hosts, plus one finding per excepted or false-positive result and control (ssh on db-1: 2, shadow on web-2: 1).
        Assert.Equal(6 * 3 + 2 + 1, findings.Count);
        Assert.All(findings, f => Assert.Equal("objective-id", f["target"]!["type"]!.GetValue<string>()));
        Assert.Equal("satisfied", State(Finding("AC-6(2) on web-1")));      // the late run passed
        Assert.Equal("not-satisfied", State(Finding("AC-6(2) on web-2")));
        Assert.Equal("ac-6.2", Finding("AC-6(2) on web-2")["target"]!["target-id"]!.GetValue<string>());
        Assert.Equal("not-satisfied", State(Finding("AC-8 on web-1")));     // error is never a pass
        Assert.Equal("satisfied", State(Finding("AC-3 on web-2")));         // the shadow failure is a false positive
        Assert.Equal("not-satisfied", State(Finding("CM-7 on db-1")));      // its exception had expired

        var related = Finding("AC-3 on web-1")["related-observations"]!.AsArray();
        Assert.Equal(2, related.Count); // passwd and shadow, latest of each
    }

    [Fact]
    public void Exceptions_and_false_positives_are_findings_of_their_own_with_who_why_and_until_when()
    {
        var result = ReportOutput.Oscal(ReportSamples.Input())["results"]![0]!;
        var findings = result["findings"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var excepted = findings.Where(f => f["title"]!.GetValue<string>().StartsWith("Exception: ssh.root-login on db-1", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, excepted.Count); // AC-6(2) and AC-17
        Assert.All(excepted, f =>
        {
            Assert.Equal("not-satisfied", f["target"]!["status"]!["state"]!.GetValue<string>());
            var remarks = f["remarks"]!.GetValue<string>();
            Assert.Contains("dba-team", remarks, StringComparison.Ordinal);
            Assert.Contains("Break-glass access until the vault migration", remarks, StringComparison.Ordinal);
            Assert.Contains("2026-12-31T00:00:00Z", remarks, StringComparison.Ordinal);
        });
        var falsePositive = findings.Single(f => f["title"]!.GetValue<string>() == "False positive: files.shadow.mode on web-2 (AC-3)");
        Assert.Equal("satisfied", falsePositive["target"]!["status"]!["state"]!.GetValue<string>());
        // The expired exception is not applied: no exception finding for it.
        Assert.DoesNotContain(findings, f => f["title"]!.GetValue<string>().Contains("sysctl.ip-forward on db-1 (", StringComparison.Ordinal) && f["title"]!.GetValue<string>().StartsWith("Exception", StringComparison.Ordinal));

        var props = result["props"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>());
        Assert.Equal("1", props["excepted"]);
        Assert.Equal("1", props["false-positives"]);
    }

    [Fact]
    public void Uuids_are_version_5_and_match_the_RFC_example()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal("2ed6657d-e927-568b-95e1-2665a8aea6a2", DeterministicUuid.From(dns, "www.example.com"));
        Assert.Equal(DeterministicUuid.From("x"), DeterministicUuid.From("x"));
        Assert.NotEqual(DeterministicUuid.From("x"), DeterministicUuid.From("y"));
    }

    [Theory]
    [InlineData("nist_800_53", "AC-6(2)", "ac-6.2")]
    [InlineData("nist_800_53", "AC-2 (4)", "ac-2.4")]
    [InlineData("cis", "5.2.10", "cis-5.2.10")]
    [InlineData("hipaa", "164.312(a)(1)", "hipaa-164.312.a.1")]
    [InlineData("iso_27001", "A.8.3", "a.8.3")]
    [InlineData("soc2", "CC6.1", "cc6.1")]
    public void Control_ids_become_OSCAL_tokens(string framework, string control, string expected) =>
        Assert.Equal(expected, OscalControlId.From(ComplianceFramework.Find(framework)!, control));
}
