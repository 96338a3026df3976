using System.Globalization;
using System.Security.Cryptography;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Tests.Bundles;

/// <summary>Bundles collected from a fake host root into real files, then opened with System.Formats.Tar and zstd.</summary>
public sealed class BundleCollectorTests : IDisposable
{
    private readonly FakeHost _host = new();

    /// <summary>One secret of every kind the built-in rules cover, and the value each must hide.</summary>
    private static readonly (string Line, string Secret)[] Secrets =
    [
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"),
        ("db_password=hunter2hunter2", "hunter2hunter2"),
        ("client_secret: yamlSecretValue42", "yamlSecretValue42"),
        ("{\"api_token\": \"jsonTokenValue77\"}", "jsonTokenValue77"),
        ("upstream = https://deploy:urlPassw0rd@git.example.com/repo.git", "urlPassw0rd"),
        ("aws_key AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("curl -H 'Authorization: Bearer bearerTokenValue0123456789'", "bearerTokenValue0123456789"),
        ("conn = Server=db;User Id=sa;Pwd=connStringPw9;Database=app", "connStringPw9"),
    ];

    [Fact]
    public async Task The_bundle_opens_with_tar_and_zstd_and_every_hash_in_the_manifest_matches()
    {
        var bundle = await _host.CollectAsync(_host.Options());
        var reader = BundleReader.Open(bundle.Path);
        Assert.Equal(bundle.Manifest, reader.Manifest with { Files = bundle.Manifest.Files, Problems = bundle.Manifest.Problems, Skipped = bundle.Manifest.Skipped });
        Assert.Equal(reader.Entries.Keys.Where(k => k != BundleManifest.FileName).Order(StringComparer.Ordinal), reader.Manifest.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        foreach (var file in reader.Manifest.Files)
        {
            Assert.Equal(file.Size, reader.Entries[file.Path].Length);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(reader.Entries[file.Path])));
        }
        Assert.Equal("web-1", reader.Manifest.Host);
        Assert.Contains(reader.Manifest.Files, f => f.Path == "identity.json" && f.Collector == "identity");
        Assert.Contains(reader.Manifest.Files, f => f.Path == "config/etc/sysctl.d/20-vm.conf" && f.Collector == "config");
        Assert.Contains(reader.Manifest.Files, f => f.Path.StartsWith("collectors/", StringComparison.Ordinal) && f.Collector == "collectors");
        Assert.Contains("Debian GNU/Linux 12", reader.Text("identity.json"), StringComparison.Ordinal);
        // Written beside its final name, then renamed: nothing else is left in the directory.
        Assert.Equal([bundle.Path], Directory.GetFiles(_host.Output));
        Assert.StartsWith("vigil-bundle-web-1-" + reader.Manifest.Id, Path.GetFileName(bundle.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_of_every_default_kind_are_redacted_and_counted_per_file_and_in_total()
    {
        _host.Write("etc/app/app.conf", string.Join("\n", Secrets.Select(s => s.Line)) + "\n");
        _host.Write("var/log/app.log", string.Join("\n", Secrets.Skip(1).Select(s => "2099-01-01T00:00:00Z app: " + s.Line)) + "\n");
        var bundle = await _host.CollectAsync(_host.Options("bundles:\n  config_files: [/etc/app/app.conf]\n  log_files: [/var/log/app.log]"));
        var reader = BundleReader.Open(bundle.Path);
        var all = reader.AllText;
        foreach (var (_, secret) in Secrets)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
        var config = reader.Manifest.Files.Single(f => f.Path == "config/etc/app/app.conf");
        Assert.Equal(Secrets.Length, config.Redactions);
        Assert.Equal(Secrets.Length - 1, reader.Manifest.Files.Single(f => f.Path == "logs/var/log/app.log").Redactions);
        Assert.Equal(reader.Manifest.Files.Sum(f => f.Redactions), reader.Manifest.Redactions);
        Assert.True(reader.Manifest.Redactions >= 2 * Secrets.Length - 1);
        Assert.Contains("db_password=[REDACTED]", reader.Text("config/etc/app/app.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_named_rules_redact_too_and_the_report_counts_them_by_name()
    {
        _host.Write("etc/app/app.conf", "customer CUST-123456 ordered\n");
        var bundle = await _host.CollectAsync(_host.Options("bundles:\n  config_files: [/etc/app/app.conf]\n  redact:\n    - {name: customer_id, pattern: 'CUST-\\d{6}'}"));
        var reader = BundleReader.Open(bundle.Path);
        Assert.Equal("customer [REDACTED] ordered\n", reader.Text("config/etc/app/app.conf"));
        Assert.Contains("customer_id 1", reader.Text(BundleManifest.ReportFileName), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_caps_keep_the_newest_part_of_a_log_and_say_it_was_truncated()
    {
        var now = TimeProvider.System.GetUtcNow();
        var lines = Enumerable.Range(0, 3000).Select(i => $"{now.AddSeconds(i - 3000).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} app: event {i}");
        _host.Write("var/log/big.log", string.Join("\n", lines) + "\n");
        var options = _host.Options("bundles:\n  log_files: [/var/log/big.log]\n  profiles:\n    tiny: {max_file: 8KiB}");
        var bundle = await _host.CollectAsync(options, profile: "tiny");
        var reader = BundleReader.Open(bundle.Path);
        var log = reader.Manifest.Files.Single(f => f.Path == "logs/var/log/big.log");
        Assert.True(log.Truncated);
        Assert.True(log.Size <= 8192, log.Size.ToString(CultureInfo.InvariantCulture));
        var text = reader.Text(log.Path);
        Assert.EndsWith("app: event 2999\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("app: event 0\n", text, StringComparison.Ordinal);
        Assert.Equal("tiny", reader.Manifest.Profile);
    }

    [Fact]
    public async Task The_total_cap_leaves_files_out_and_names_them_in_skipped()
    {
        for (var i = 0; i < 12; i++)
        {
            _host.Write($"etc/many/{i:D2}.conf", new string('x', 6000) + "\n");
        }
        var options = _host.Options("bundles:\n  config_files: [/etc/many/*.conf]\n  profiles:\n    small: {max_file: 8KiB, max_total: 40KiB}");
        var bundle = await _host.CollectAsync(options, profile: "small");
        var reader = BundleReader.Open(bundle.Path);
        Assert.True(reader.Manifest.Files.Where(f => f.Collector != "report").Sum(f => f.Size) <= 40 * 1024);
        Assert.Contains(reader.Manifest.Skipped, s => s.Contains("total size cap", StringComparison.Ordinal));
        Assert.Contains(reader.Manifest.Files, f => f.Path == "config/etc/many/00.conf");
    }

    [Fact]
    public async Task Logs_keep_only_lines_since_the_cutoff()
    {
        var now = TimeProvider.System.GetUtcNow();
        string Stamp(TimeSpan ago) => now.Subtract(ago).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        _host.Write("var/log/syslog", $"{Stamp(TimeSpan.FromDays(3))} web-1 old: three days ago\n  continuation of the old one\n{Stamp(TimeSpan.FromHours(2))} web-1 new: two hours ago\n");
        _host.Write("var/log/dpkg.log", $"{now.AddDays(-10).ToLocalTime():yyyy-MM-dd HH:mm:ss} status installed old:amd64 1.0\n");
        var bundle = await _host.CollectAsync(_host.Options(), since: "1d");
        var reader = BundleReader.Open(bundle.Path);
        var syslog = reader.Text("logs/var/log/syslog");
        Assert.DoesNotContain("three days ago", syslog, StringComparison.Ordinal);
        Assert.DoesNotContain("continuation", syslog, StringComparison.Ordinal);
        Assert.Contains("two hours ago", syslog, StringComparison.Ordinal);
        Assert.Contains("logs: /var/log/dpkg.log: no lines in the last 1d", reader.Manifest.Skipped);
    }

    [Fact]
    public async Task Missing_sources_are_skipped_with_their_reasons()
    {
        var bundle = await _host.CollectAsync(_host.Options());
        var skipped = bundle.Manifest.Skipped;
        Assert.Contains("journal: journal: journalctl not found", skipped);
        Assert.Contains(skipped, s => s.StartsWith("kubernetes: kubernetes: not a Kubernetes node", StringComparison.Ordinal));
        Assert.Contains("logs: /var/log/messages: not present", skipped);
        Assert.Contains("config: /etc/ssh/sshd_config: not present", skipped);
        Assert.Contains(skipped, s => s.StartsWith("kernel: kernel messages: /dev/kmsg: not present", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("network: ip: ip describes the agent's own network namespace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Password_files_and_private_keys_are_never_gathered_whatever_the_list_says()
    {
        _host.Write("etc/shadow", "root:$6$salted$hash:19000:0:99999:7:::\n");
        _host.Write("etc/ssh/ssh_host_ed25519_key", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        var bundle = await _host.CollectAsync(_host.Options("bundles:\n  config_files: [/etc/shadow, /etc/ssh/*]"));
        var reader = BundleReader.Open(bundle.Path);
        Assert.DoesNotContain(reader.Entries.Keys, k => k.Contains("shadow", StringComparison.Ordinal) || k.EndsWith("_key", StringComparison.Ordinal));
        Assert.Contains("config: /etc/shadow: never gathered (credentials or private keys)", reader.Manifest.Skipped);
        Assert.Contains("config: /etc/ssh/ssh_host_ed25519_key: never gathered (credentials or private keys)", reader.Manifest.Skipped);
    }

    [Fact]
    public async Task Kernel_messages_from_kmsg_raise_oom_segfault_and_io_problems_and_the_report_lists_problems_first()
    {
        _host.Write("dev/kmsg", string.Join("\n",
            "6,100,5000000,-;eth0: link up",
            "3,101,6000000,-;Out of memory: Killed process 4242 (java) total-vm:1234kB",
            " SUBSYSTEM=memory",
            "6,102,7000000,-;app[999]: segfault at 0 ip 0000 sp 0000 error 4 in libc.so",
            "3,103,8000000,-;blk_update_request: I/O error, dev sda, sector 1234",
            "3,104,9000000,-;Buffer I/O error on dev sda1, logical block 5") + "\n");
        _host.Write("etc/hosts", "127.0.0.1 localhost <script>alert('pwned')</script> & \"quoted\"\n");
        var bundle = await _host.CollectAsync(_host.Options());
        var reader = BundleReader.Open(bundle.Path);
        Assert.Contains("[    6.000000] Out of memory: Killed process 4242 (java)", reader.Text("kernel/messages.txt"), StringComparison.Ordinal);
        Assert.DoesNotContain("SUBSYSTEM=", reader.Text("kernel/messages.txt"), StringComparison.Ordinal);
        var problems = reader.Manifest.Problems;
        Assert.Contains(problems, p => p.Severity == "critical" && p.Summary.StartsWith("1 OOM kill(s)", StringComparison.Ordinal) && p.File == "kernel/messages.txt");
        Assert.Contains(problems, p => p.Severity == "critical" && p.Summary.StartsWith("2 I/O error(s)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Severity == "warning" && p.Summary.StartsWith("1 segfault(s)", StringComparison.Ordinal));
        Assert.Equal(problems.OrderBy(p => p.Severity == "critical" ? 0 : p.Severity == "warning" ? 1 : 2).ToList(), problems);

        var report = reader.Text(BundleManifest.ReportFileName);
        var problemsAt = report.IndexOf("<h2 id=\"problems\">", StringComparison.Ordinal);
        Assert.True(problemsAt > 0 && problemsAt < report.IndexOf("<h2 id=\"source-", StringComparison.Ordinal));
        Assert.True(report.IndexOf("OOM kill", StringComparison.Ordinal) < report.IndexOf("<h2 id=\"skipped\">", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", report, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kubernetes_node_brings_its_kubelet_files_with_the_client_key_redacted()
    {
        _host.Write("var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\nmaxPods: 110\n");
        _host.Write("var/lib/kubelet/pods/0f1e/volumes/.keep", "");
        _host.Write("etc/kubernetes/kubelet.conf", "users:\n- name: system:node:web-1\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB\n");
        var bundle = await _host.CollectAsync(_host.Options(), environment: name => name == "NODE_NAME" ? "node-7" : null);
        var reader = BundleReader.Open(bundle.Path);
        Assert.Contains("maxPods: 110", reader.Text("kubernetes/var/lib/kubelet/config.yaml"), StringComparison.Ordinal);
        Assert.Contains("client-key-data: [REDACTED]", reader.Text("kubernetes/etc/kubernetes/kubelet.conf"), StringComparison.Ordinal);
        Assert.DoesNotContain("LS0tLS1CRUdJTi", reader.AllText, StringComparison.Ordinal);
        var facts = reader.Text("kubernetes/facts.json");
        Assert.Contains("\"node_name\": \"node-7\"", facts, StringComparison.Ordinal);
        Assert.Contains("\"pods\": 1", facts, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
