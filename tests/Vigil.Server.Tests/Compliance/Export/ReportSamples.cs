using Vigil.Server.Compliance.Export;

namespace Vigil.Server.Tests.Compliance.Export;

/// <summary>
/// A small fleet's evidence over one day, as the compliance API returns it: three hosts, two runs each, a result
/// outside the range on both sides, an accepted risk, a false positive, a row still marked excepted under an
/// exception that had expired, and observed values that try to break HTML and spreadsheets.
/// </summary>
public static class ReportSamples
{
    public static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Generated = new(2026, 11, 2, 8, 30, 0, TimeSpan.Zero);

    public const string Nasty = "<script>alert(\"x\")</script> & 'quoted'";

    public static readonly ComplianceException Accepted = new("exc_accepted", "vigil-debian-baseline", "ssh.root-login", "hostname=db-1", "exception",
        "dba-team", "Break-glass access until the vault migration", From.AddDays(-10), "alice", From.AddDays(60), "active", 1);

    public static readonly ComplianceException FalsePositive = new("exc_fp", null, "files.shadow.mode", "hostname=web-2", "false_positive",
        "platform", "Shadow is on a read-only image; the mode check reads the overlay", From.AddDays(-3), "bob", From.AddDays(30), "active", 1);

    public static readonly ComplianceException Expired = new("exc_expired", "vigil-debian-baseline", "sysctl.ip-forward", "role=router", "exception",
        "net-team", "Router duties during the move", From.AddDays(-40), "carol", From.AddHours(6), "expired", 1);

    public static readonly ComplianceException Unrelated = new("exc_other", "other-policy", "nothing.here", "*", "exception",
        "nobody", "Not about this framework", From.AddDays(-1), "dave", From.AddDays(5), "active", 0);

    public static ComplianceReportInput Input(ComplianceFramework? framework = null, IEnumerable<EvidenceRow>? rows = null) =>
        new(framework ?? ComplianceFramework.Nist80053, From, To, Generated, "https://vigil.example.test:8443", (rows ?? Rows()).ToList(),
            [Accepted, FalsePositive, Expired, Unrelated]);

    public static List<EvidenceRow> Rows()
    {
        var rows = new List<EvidenceRow>();
        long id = 100;
        void Add(string host, string hostname, DateTimeOffset time, string check, string title, string status, string observed,
            string effective = "", string? exception = null, string severity = "medium", (string, string[])[]? compliance = null)
        {
            id++;
            var mapping = (compliance ?? Mappings[check]).ToDictionary(m => m.Item1, m => (IReadOnlyList<string>)m.Item2);
            rows.Add(new EvidenceRow(id, host, hostname, time, "vigil-debian-baseline", "1.0.0", "4433aa", $"run-{hostname}-{time:HHmm}", "schedule",
                check, title, status, effective.Length == 0 ? status : effective, observed, severity, mapping,
                new Dictionary<string, IReadOnlyList<string>> { ["ssg"] = ["rule_" + check.Replace('.', '_')] }, exception,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"row-{id}")))));
        }
        foreach (var (host, name) in new[] { ("agt_web1", "web-1"), ("agt_web2", "web-2"), ("agt_db1", "db-1") })
        {
            var early = From.AddHours(2);
            var late = From.AddHours(14);
            // Before the range and after it: never in the report.
            Add(host, name, From.AddSeconds(-1), "files.passwd.mode", "/etc/passwd is mode 0644 or stricter", "fail", "/etc/passwd: mode 0666");
            Add(host, name, To, "files.passwd.mode", "/etc/passwd is mode 0644 or stricter", "fail", "/etc/passwd: mode 0666");
            // Exactly at the start: in.
            Add(host, name, From, "files.passwd.mode", "/etc/passwd is mode 0644 or stricter", "pass", "/etc/passwd: mode 0644 owner root");
            Add(host, name, early, "ssh.root-login", "SSH root login is disabled", "fail", "PermitRootLogin yes",
                effective: name == "db-1" ? "excepted" : "", exception: name == "db-1" ? Accepted.Id : null, severity: "high");
            Add(host, name, late, "ssh.root-login", "SSH root login is disabled", name == "web-1" ? "pass" : "fail", name == "web-1" ? "PermitRootLogin no" : "PermitRootLogin yes",
                effective: name == "db-1" ? "excepted" : "", exception: name == "db-1" ? Accepted.Id : null, severity: "high");
            Add(host, name, late, "files.shadow.mode", "/etc/shadow is mode 0640 or stricter", name == "web-2" ? "fail" : "pass",
                name == "web-2" ? "=HYPERLINK(\"http://evil\",\"click\")" : "/etc/shadow: mode 0640",
                effective: name == "web-2" ? "false_positive" : "", exception: name == "web-2" ? FalsePositive.Id : null);
            // The server still marked this excepted, but the exception had run out six hours into the day.
            Add(host, name, late, "sysctl.ip-forward", "IP forwarding is off", name == "db-1" ? "fail" : "pass", name == "db-1" ? "-1,\"forward\"\nnet.ipv4.ip_forward = 1" : "net.ipv4.ip_forward = 0",
                effective: name == "db-1" ? "excepted" : "", exception: name == "db-1" ? Expired.Id : null);
            Add(host, name, late, "banner.motd", "The login banner names the owner", name == "web-1" ? "error" : "not_applicable", name == "web-1" ? Nasty : "");
            // Mapped to SOC 2 only: not in a NIST report.
            Add(host, name, late, "audit.enabled", "auditd is enabled", "pass", "@SUM(1+1)", compliance: [("tsc", ["CC7.2"])]);
        }
        return rows;
    }

    private static readonly Dictionary<string, (string, string[])[]> Mappings = new()
    {
        ["files.passwd.mode"] = [("nist_800_53", ["AC-3", "CM-6"]), ("tsc", ["CC6.1"])],
        ["ssh.root-login"] = [("nist_800_53", ["AC-6(2)", "AC-17"]), ("cis", ["5.2.10"]), ("tsc", ["CC6.1"])],
        ["files.shadow.mode"] = [("nist_800_53", ["AC-3"]), ("tsc", ["CC6.1"])],
        ["sysctl.ip-forward"] = [("nist_800_53", ["CM-7"]), ("cis", ["3.1.1"])],
        ["banner.motd"] = [("nist_800_53", ["AC-8"])],
    };
}
