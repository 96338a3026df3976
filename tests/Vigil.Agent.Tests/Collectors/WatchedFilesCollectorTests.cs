using System.Security.Cryptography;
using System.Text;
using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WatchedFilesCollectorTests : IDisposable
{
    private static readonly DateTime Mtime = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempHostRoot _root = new();
    private readonly string _statePath;

    public WatchedFilesCollectorTests()
    {
        _statePath = Path.Combine(_root.Root, "var/lib/vigil/watched-files.json");
    }

    public void Dispose() => _root.Dispose();

    private (CollectorHarness Harness, WatchedFilesCollector Collector) Start(params string[] paths) => Start(new WatchedFilesOptions { Paths = paths });

    private (CollectorHarness Harness, WatchedFilesCollector Collector) Start(WatchedFilesOptions options)
    {
        var collector = new WatchedFilesCollector(options, _statePath);
        return (new CollectorHarness(collector, _root.Root), collector);
    }

    private string Write(string relative, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        var path = _root.Write(relative, content);
        File.SetUnixFileMode(path, mode);
        File.SetLastWriteTimeUtc(path, Mtime);
        return path;
    }

    private static string Sha256(string content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static List<DriftRecord> Drifts(CollectorRunResult result) => result.Records.OfType<DriftRecord>().ToList();

    private static IReadOnlyList<InventoryItem> Inventory(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "watched_files").Items;

    [Fact]
    public void The_first_run_records_a_baseline_without_drift_and_inventories_each_file()
    {
        Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        Write("etc/shadow", "root:$y$secret:19000:0:99999:7:::\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var (harness, _) = Start("/etc/passwd", "/etc/shadow", "/etc/sudoers");

        var result = harness.Run();

        Assert.Empty(Drifts(result));
        Assert.Empty(result.Unavailable); // an absent watched file is not a problem, just absent
        var items = Inventory(result);
        Assert.Equal(["/etc/passwd", "/etc/shadow"], items.Select(i => i.Key).ToArray());
        var passwd = items[0].Attributes;
        Assert.Equal("32", passwd["size"]);
        Assert.Equal("0644", passwd["mode"]);
        Assert.Equal(Environment.IsPrivilegedProcess ? "0" : passwd["uid"], passwd["uid"]);
        Assert.Equal("2026-01-02T03:04:05.000Z", passwd["mtime"]);
        Assert.Equal(Sha256("root:x:0:0:root:/root:/bin/bash\n"), passwd["hash"]);
        Assert.Equal("0640", items[1].Attributes["mode"]);
        Assert.DoesNotContain(items[1].Attributes.Values, v => v.Contains("secret", StringComparison.Ordinal));
        Assert.Equal(2, Single(result, "vigil.watched_files.count").Value);
        Assert.True(File.Exists(_statePath));
    }

    [Fact]
    public void Content_mode_deletion_and_creation_between_runs_are_drift_records()
    {
        Write("etc/hosts", "127.0.0.1 localhost\n");
        Write("etc/crontab", "* * * * * root true\n", (UnixFileMode)0b111_101_101);
        Write("etc/cron.d/backup", "0 3 * * * root backup\n");
        var (harness, _) = Start("/etc/hosts", "/etc/crontab", "/etc/cron.d", "/etc/ld.so.preload");
        harness.Run();

        File.WriteAllText(Path.Combine(_root.Root, "etc/hosts"), "127.0.0.1 localhost\n10.9.9.9 bank.example\n");
        File.SetUnixFileMode(Path.Combine(_root.Root, "etc/crontab"), (UnixFileMode)0b100_111_101_101); // setuid 4755
        _root.Delete("etc/cron.d/backup");
        Write("etc/ld.so.preload", "/tmp/evil.so\n");
        var result = harness.RunAfter(TimeSpan.FromMinutes(1));

        var drifts = Drifts(result).ToDictionary(d => d.Path);
        Assert.Equal(4, drifts.Count);
        var hosts = drifts["/etc/hosts"];
        Assert.Equal(DriftChange.Modified, hosts.Change);
        Assert.Equal(Sha256("127.0.0.1 localhost\n"), hosts.Before!.Hash);
        Assert.Equal(Sha256("127.0.0.1 localhost\n10.9.9.9 bank.example\n"), hosts.After!.Hash);
        Assert.Equal((20L, 42L), (hosts.Before.Size, hosts.After.Size));
        var crontab = drifts["/etc/crontab"];
        Assert.Equal(DriftChange.Modified, crontab.Change);
        Assert.Equal(("0755", "4755"), (crontab.Before!.Mode, crontab.After!.Mode));
        Assert.Equal(crontab.Before.Hash, crontab.After.Hash);
        var backup = drifts["/etc/cron.d/backup"];
        Assert.Equal((DriftChange.Deleted, Sha256("0 3 * * * root backup\n")), (backup.Change, backup.Before!.Hash));
        Assert.Null(backup.After);
        var preload = drifts["/etc/ld.so.preload"];
        Assert.Equal((DriftChange.Created, Sha256("/tmp/evil.so\n")), (preload.Change, preload.After!.Hash));
        Assert.Null(preload.Before);
        Assert.Equal(new DateTimeOffset(Mtime).ToUnixTimeMilliseconds(), preload.After.MtimeUnixMs);
        Assert.All(drifts.Values, d => Assert.Equal("files", d.Source));
        Assert.Equal(["/etc/crontab", "/etc/hosts", "/etc/ld.so.preload"], Inventory(result).Select(i => i.Key).ToArray());

        Assert.Empty(Drifts(harness.RunAfter(TimeSpan.FromMinutes(1)))); // reported once, then it is the new baseline
    }

    [Fact]
    public void A_change_made_while_the_agent_was_down_is_reported_after_restart()
    {
        Write("etc/ssh/sshd_config", "PermitRootLogin no\n");
        Write("etc/group", "root:x:0:\n");
        Start("/etc/ssh/sshd_config", "/etc/group").Harness.Run();

        File.WriteAllText(Path.Combine(_root.Root, "etc/ssh/sshd_config"), "PermitRootLogin yes\n");
        _root.Delete("etc/group");
        var (restarted, _) = Start("/etc/ssh/sshd_config", "/etc/group");
        var result = restarted.Run();

        var drifts = Drifts(result).ToDictionary(d => d.Path, d => d.Change);
        Assert.Equal(DriftChange.Modified, drifts["/etc/ssh/sshd_config"]);
        Assert.Equal(DriftChange.Deleted, drifts["/etc/group"]);
        Assert.Equal(Sha256("PermitRootLogin no\n"), Drifts(result).Single(d => d.Path == "/etc/ssh/sshd_config").Before!.Hash);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void A_corrupt_state_file_starts_a_fresh_baseline_and_is_reported_once()
    {
        Write("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        _root.Write("var/lib/vigil/watched-files.json", "{\"version\": 1, \"files\": {\"/etc/passwd\": {\"size\": tru");
        var (harness, _) = Start("/etc/passwd");

        var first = harness.Run();
        var unavailable = Assert.Single(first.Unavailable);
        Assert.Equal(_statePath, unavailable.Source);
        Assert.StartsWith("corrupt", unavailable.Reason, StringComparison.Ordinal);
        Assert.Empty(Drifts(first));
        Assert.Single(Inventory(first));

        var second = harness.RunAfter(TimeSpan.FromMinutes(1));
        Assert.Empty(second.Unavailable);
        Assert.Empty(Drifts(second));
        Assert.Contains("\"/etc/passwd\"", File.ReadAllText(_statePath), StringComparison.Ordinal); // rewritten whole
    }

    [Fact]
    public void A_state_file_from_another_version_is_not_trusted()
    {
        Write("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        _root.Write("var/lib/vigil/watched-files.json", "{\"version\": 99, \"watches\": [], \"files\": {}}");
        var result = Start("/etc/passwd").Harness.Run();
        Assert.StartsWith("not a baseline", Assert.Single(result.Unavailable).Reason, StringComparison.Ordinal);
        Assert.Empty(Drifts(result));
    }

    [Fact]
    public void A_state_file_that_cannot_be_written_is_unavailable_and_the_baseline_lives_on_in_memory()
    {
        Write("etc/hosts", "127.0.0.1 localhost\n");
        _root.Write("var/lib/vigil", "a file where the state directory should be");
        var (harness, _) = Start("/etc/hosts");

        var first = harness.Run();
        Assert.Contains(first.Unavailable, u => u.Source == _statePath && u.Reason.StartsWith("cannot save the baseline", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_root.Root, "etc/hosts"), "127.0.0.1 localhost changed\n");
        var second = harness.RunAfter(TimeSpan.FromMinutes(1));
        Assert.Equal(DriftChange.Modified, Assert.Single(Drifts(second)).Change);
    }

    [Fact]
    public void A_directory_where_a_file_was_expected_is_a_deletion_and_its_files_are_new()
    {
        Write("etc/app.conf", "listen 80\n");
        var (harness, _) = Start("/etc/app.conf");
        harness.Run();

        _root.Delete("etc/app.conf");
        Write("etc/app.conf/main.conf", "listen 8080\n");
        Write("etc/app.conf/nested/deep.conf", "ignored: not recursive\n");
        var result = harness.RunAfter(TimeSpan.FromMinutes(1));

        var drifts = Drifts(result).ToDictionary(d => d.Path, d => d.Change);
        Assert.Equal(2, drifts.Count);
        Assert.Equal(DriftChange.Deleted, drifts["/etc/app.conf"]);
        Assert.Equal(DriftChange.Created, drifts["/etc/app.conf/main.conf"]);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Recursive_directories_and_last_segment_patterns_select_files()
    {
        Write("etc/ssh/sshd_config.d/10-hardening.conf", "PasswordAuthentication no\n");
        Write("etc/ssh/sshd_config.d/README", "not matched\n");
        Write("etc/sudoers.d/ops", "%ops ALL=(ALL) ALL\n");
        Write("etc/sudoers.d/sub/.hidden", "dotfiles are watched too\n");

        var flat = Start("/etc/ssh/sshd_config.d/*.conf", "/etc/sudoers.d").Harness.Run();
        Assert.Equal(["/etc/ssh/sshd_config.d/10-hardening.conf", "/etc/sudoers.d/ops"], Inventory(flat).Select(i => i.Key).ToArray());

        File.Delete(_statePath);
        var deep = Start(new WatchedFilesOptions { Paths = ["/etc/sudoers.d/"], Recursive = true }).Harness.Run();
        Assert.Equal(["/etc/sudoers.d/ops", "/etc/sudoers.d/sub/.hidden"], Inventory(deep).Select(i => i.Key).ToArray());
    }

    [Fact]
    public void A_file_that_vanishes_mid_run_is_a_deletion_not_a_failure()
    {
        Write("etc/cron.d/a", "a\n");
        Write("etc/cron.d/b", "b\n");
        var (harness, collector) = Start("/etc/cron.d");
        harness.Run();

        collector.BeforeExamine = host =>
        {
            if (host == "/etc/cron.d/b")
            {
                _root.Delete("etc/cron.d/b"); // listed, then gone before it is examined
            }
        };
        var result = harness.RunAfter(TimeSpan.FromMinutes(1));

        var drift = Assert.Single(Drifts(result));
        Assert.Equal(("/etc/cron.d/b", DriftChange.Deleted), (drift.Path, drift.Change));
        Assert.Empty(result.Unavailable);
        Assert.Equal(["/etc/cron.d/a"], Inventory(result).Select(i => i.Key).ToArray());
    }

    [Fact]
    public void Unchanged_files_keep_their_hash_unless_always_hash_is_set()
    {
        Write("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        Write("etc/group", "root:x:0:\n");
        var (harness, collector) = Start("/etc/passwd", "/etc/group");
        harness.Run();
        Assert.Equal(2, collector.HashesComputed);
        harness.RunAfter(TimeSpan.FromMinutes(1));
        Assert.Equal(2, collector.HashesComputed);

        var (always, alwaysCollector) = Start(new WatchedFilesOptions { Paths = ["/etc/passwd", "/etc/group"], AlwaysHash = true });
        always.Run();
        always.RunAfter(TimeSpan.FromMinutes(1));
        Assert.Equal(4, alwaysCollector.HashesComputed);
    }

    [Fact]
    public void Same_size_content_swapped_in_with_a_restored_mtime_is_still_caught()
    {
        Write("etc/hosts", "127.0.0.1 aaaa\n");
        var (harness, _) = Start("/etc/hosts");
        harness.Run();

        // Replaced the way editors and package managers do it (write aside, rename over), then the mtime forged back:
        // size and mtime match the baseline, the inode (and ctime) do not, so the file is re-hashed.
        var path = Path.Combine(_root.Root, "etc/hosts");
        Write("etc/hosts.new", "127.0.0.1 bbbb\n");
        File.Move(path + ".new", path, overwrite: true);
        var result = harness.RunAfter(TimeSpan.FromMinutes(1));

        var drift = Assert.Single(Drifts(result));
        Assert.Equal((drift.Before!.MtimeUnixMs, drift.Before.Size), (drift.After!.MtimeUnixMs, drift.After.Size));
        Assert.Equal(Sha256("127.0.0.1 bbbb\n"), drift.After.Hash);
    }

    [Fact]
    public void Files_larger_than_max_file_bytes_are_hashed_up_to_the_limit_and_marked()
    {
        var content = new string('x', 100);
        Write("var/log/big", content);
        var result = Start(new WatchedFilesOptions { Paths = ["/var/log/big"], MaxFileBytes = 10 }).Harness.Run();

        var attributes = Assert.Single(Inventory(result)).Attributes;
        Assert.Equal(Sha256(content[..10]), attributes["hash"]);
        Assert.Equal("true", attributes["hash_truncated"]);
        Assert.Equal("100", attributes["size"]);
    }

    [Fact]
    public void A_newly_configured_path_is_baselined_quietly_and_a_dropped_one_is_not_a_deletion()
    {
        Write("etc/hosts", "127.0.0.1 localhost\n");
        Write("etc/nsswitch.conf", "hosts: files dns\n");
        Start("/etc/hosts").Harness.Run();

        var result = Start("/etc/nsswitch.conf").Harness.Run(); // restarted with another configuration

        Assert.Empty(Drifts(result));
        Assert.Equal(["/etc/nsswitch.conf"], Inventory(result).Select(i => i.Key).ToArray());
    }

    [Fact]
    public void Permissions_are_formatted_as_four_octal_digits_with_special_bits()
    {
        Assert.Equal("0644", FileStatus.FormatPermissions(0x8000 | 0b110_100_100));
        Assert.Equal("4755", FileStatus.FormatPermissions(0x8000 | 0b100_111_101_101));
        Assert.Equal("1777", FileStatus.FormatPermissions(0x4000 | 0b001_111_111_111));
        Assert.Equal("0000", FileStatus.FormatPermissions(0x8000));
    }

    [Fact]
    public void Reads_the_live_etc_of_this_machine()
    {
        var collector = new WatchedFilesCollector(new WatchedFilesOptions(), _statePath);
        var result = new CollectorHarness(collector, HostPaths.Default).Run();

        var passwd = Inventory(result).Single(i => i.Key == "/etc/passwd").Attributes;
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes("/etc/passwd"))), passwd["hash"]);
        Assert.Equal(new FileInfo("/etc/passwd").Length.ToString(System.Globalization.CultureInfo.InvariantCulture), passwd["size"]);
        Assert.Equal("0644", passwd["mode"]);
        Assert.Equal("0", passwd["uid"]);
        Assert.Empty(Drifts(result));
        Assert.DoesNotContain(result.Unavailable, u => u.Source == "statx");
    }
}
