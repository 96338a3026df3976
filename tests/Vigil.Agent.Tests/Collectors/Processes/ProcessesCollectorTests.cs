using Vigil.Agent.Collectors.Processes;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.Processes;

/// <summary>
/// Fixtures t0/t1 were recorded two seconds apart on this machine while a busy loop (11493), a stopped sleep
/// (11492, killed before t1), a zombie (11586, child of python 11491) and a binary named "odd) name (x" (11494)
/// ran, plus three kernel threads.
/// </summary>
public sealed class ProcessesCollectorTests
{
    private const long Btime = 1795570361;

    private static IReadOnlyList<InventoryItem> Top(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "top_processes").Items;

    private static IReadOnlyDictionary<string, string> Process(CollectorRunResult result, int pid) =>
        Top(result).Single(i => i.Key == pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).Attributes;

    [Fact]
    public void Counts_processes_by_state_threads_and_file_handles()
    {
        var result = new CollectorHarness(new ProcessesCollector(), Fixture("processes/t0")).Run();

        Assert.Equal(1, Single(result, "system.process.count", ("process.status", "running")).Value);
        Assert.Equal(4, Single(result, "system.process.count", ("process.status", "sleeping")).Value);
        Assert.Equal(1, Single(result, "system.process.count", ("process.status", "stopped")).Value);
        Assert.Equal(1, Single(result, "system.process.count", ("process.status", "zombie")).Value);
        Assert.Equal(1, Single(result, "system.process.count", ("process.status", "idle")).Value);
        Assert.Equal(0, Single(result, "system.process.count", ("process.status", "disk_sleep")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Attributes?.GetValueOrDefault("process.status") == "parked");
        Assert.Equal(1, Single(result, "system.linux.process.zombies").Value);
        Assert.Equal(8, Single(result, "system.thread.count").Value);
        Assert.Equal(1355, Single(result, "system.linux.file_descriptors.allocated").Value);
        Assert.Equal(2466177, Single(result, "system.linux.file_descriptors.max").Value);
        Assert.Equal(32768, Single(result, "system.linux.process.max").Value);
        Assert.Equal(192730, Single(result, "system.linux.thread.max").Value);
    }

    [Fact]
    public void An_unreadable_pid_max_is_reported_and_the_rest_still_collected()
    {
        using var root = FixtureTree.CopyOf("processes/t0");
        // Root reads chmod 000 files, so a directory stands in for a file that cannot be read.
        File.Delete(Path.Combine(root.Root, "proc/sys/kernel/pid_max"));
        Directory.CreateDirectory(Path.Combine(root.Root, "proc/sys/kernel/pid_max"));
        var result = new CollectorHarness(new ProcessesCollector(), root.Root).Run();

        Assert.Equal("/proc/sys/kernel/pid_max", Assert.Single(result.Unavailable).Source);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.process.max");
        Assert.Equal(192730, Single(result, "system.linux.thread.max").Value);
    }

    [Fact]
    public void The_first_run_ranks_by_memory_only_because_cpu_needs_an_interval()
    {
        var result = new CollectorHarness(new ProcessesCollector(), Fixture("processes/t0")).Run();

        Assert.Equal(["11491", "11493", "11492", "11494", "2", "3", "10", "11586"], Top(result).Select(i => i.Key));
        Assert.All(Top(result), i => Assert.Equal("rss", i.Attributes["rank_by"]));
        Assert.All(Top(result), i => Assert.False(i.Attributes.ContainsKey("cpu_percent")));
        var python = Process(result, 11491);
        Assert.Equal("python3", python["name"]);
        Assert.Equal("11485", python["ppid"]);
        Assert.Equal("root", python["user"]);
        Assert.Equal("sleeping", python["state"]);
        Assert.Equal("1", python["threads"]);
        Assert.Equal((3357L * Environment.SystemPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture), python["rss_bytes"]);
        Assert.Equal("/root/.pyenv/versions/3.11.7/bin/python3 -", python["cmdline"]);
        Assert.Equal((Btime * 1000 + 103062 * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), python["started_unix_ms"]);
        Assert.Equal("zombie", Process(result, 11586)["state"]);
        Assert.Equal("", Process(result, 2)["cmdline"]);
    }

    [Fact]
    public void Cpu_percent_comes_from_tick_deltas_over_the_interval_and_exited_processes_drop_out()
    {
        using var root = FixtureTree.CopyOf("processes/t0");
        var harness = new CollectorHarness(new ProcessesCollector(), root.Root);
        harness.Run();
        Directory.Delete(Path.Combine(root.Root, "proc/11492"), recursive: true);
        FixtureTree.CopyInto(root, "processes/t1");
        var result = harness.RunAfter(TimeSpan.FromSeconds(2));

        // The busy loop's utime went from 45 to 197 ticks: 1.52 s of CPU in 2 s.
        var busy = Process(result, 11493);
        Assert.Equal("76", busy["cpu_percent"]);
        Assert.Equal("cpu,rss", busy["rank_by"]);
        Assert.Equal("bash -c while :; do :; done", busy["cmdline"]);
        Assert.Equal("0", Process(result, 11491)["cpu_percent"]);
        Assert.Equal("11493", Top(result)[0].Key);
        Assert.DoesNotContain(Top(result), i => i.Key == "11492");
        Assert.Equal(0, Single(result, "system.process.count", ("process.status", "stopped")).Value);
        Assert.Equal(930, Single(result, "system.linux.file_descriptors.allocated").Value);
    }

    [Fact]
    public void A_reused_pid_does_not_inherit_the_previous_process_ticks()
    {
        using var root = FixtureTree.CopyOf("processes/t0");
        var harness = new CollectorHarness(new ProcessesCollector(), root.Root);
        harness.Run();
        FixtureTree.CopyInto(root, "processes/t1");
        // Same pid, a later start time: a different process whose 197 ticks are not "used in the last 2 s".
        var stat = File.ReadAllText(Path.Combine(root.Root, "proc/11493/stat")).Replace(" 103062 ", " 103300 ", StringComparison.Ordinal);
        root.Write("proc/11493/stat", stat);
        var result = harness.RunAfter(TimeSpan.FromSeconds(2));

        Assert.False(Process(result, 11493).ContainsKey("cpu_percent"));
        Assert.Equal("rss", Process(result, 11493)["rank_by"]);
    }

    [Fact]
    public void A_comm_with_spaces_and_parentheses_is_split_at_the_last_parenthesis()
    {
        var result = new CollectorHarness(new ProcessesCollector(), Fixture("processes/t0")).Run();
        var odd = Process(result, 11494);

        Assert.Equal("odd) name (x", odd["name"]);
        Assert.Equal("sleeping", odd["state"]);
        Assert.Equal("11485", odd["ppid"]);
        Assert.Equal("/tmp/odd) name (x 62", odd["cmdline"]);
    }

    [Fact]
    public void A_process_that_exited_mid_scan_or_has_a_malformed_stat_is_skipped_silently()
    {
        using var root = FixtureTree.CopyOf("processes/t0");
        Directory.CreateDirectory(Path.Combine(root.Root, "proc/4242")); // listed, but its files are gone
        root.Write("proc/4343/stat", "4343 (truncated");
        root.Write("proc/4444/stat", File.ReadAllText(Path.Combine(root.Root, "proc/11491/stat")).Replace("11491 (python3)", "4444 (big)", StringComparison.Ordinal)
            .Replace(" 3357 ", " 99999 ", StringComparison.Ordinal));
        // 4444 is the biggest process, but it exits between the scan and the detail reads: no status, no cmdline.
        var result = new CollectorHarness(new ProcessesCollector(), root.Root).Run();

        Assert.Equal(5, Single(result, "system.process.count", ("process.status", "sleeping")).Value);
        Assert.DoesNotContain(Top(result), i => i.Key is "4242" or "4343" or "4444");
        Assert.Equal(8, Top(result).Count);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Long_command_lines_are_cut_at_512_characters()
    {
        var raw = "java\0-jar\0" + new string('x', 600) + "\0";
        var cmdline = ProcessesCollector.Cmdline(raw);

        Assert.Equal(512, cmdline.Length);
        Assert.StartsWith("java -jar xxx", cmdline);
    }

    [Fact]
    public void User_names_follow_changes_to_etc_passwd()
    {
        using var root = FixtureTree.CopyOf("processes/t0");
        var harness = new CollectorHarness(new ProcessesCollector(), root.Root);
        Assert.Equal("root", Process(harness.Run(), 11491)["user"]);

        var passwd = root.Write("etc/passwd", "toor:x:0:0::/root:/bin/sh\n");
        File.SetLastWriteTimeUtc(passwd, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal("toor", Process(harness.RunAfter(TimeSpan.FromSeconds(10)), 11491)["user"]);

        root.Write("etc/passwd", "");
        File.SetLastWriteTimeUtc(passwd, new DateTime(2030, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal("0", Process(harness.RunAfter(TimeSpan.FromSeconds(10)), 11491)["user"]);
    }

    [Fact]
    public void Top_limits_the_list_and_zero_turns_it_off()
    {
        var two = new CollectorHarness(new ProcessesCollector(new ProcessesOptions { Top = 2 }), Fixture("processes/t0")).Run();
        Assert.Equal(["11491", "11493"], Top(two).Select(i => i.Key));

        var none = new CollectorHarness(new ProcessesCollector(new ProcessesOptions { Top = 0 }), Fixture("processes/t0")).Run();
        Assert.Empty(none.Records.OfType<InventoryRecord>());
        Assert.Equal(1, Single(none, "system.linux.process.zombies").Value);
    }

    [Fact]
    public void Reads_the_live_proc_of_this_machine()
    {
        var harness = new CollectorHarness(new ProcessesCollector(), HostPaths.Default);
        harness.Run();
        var result = harness.RunAfter(TimeSpan.FromSeconds(1));

        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var total = Metrics(result).Where(m => m.Name == "system.process.count").Sum(m => m.Value);
        Assert.True(total >= 2);
        Assert.True(Single(result, "system.thread.count").Value >= Environment.ProcessorCount);
        Assert.Contains(Top(result), i => i.Key == self || i.Attributes["rank_by"].Contains("rss", StringComparison.Ordinal));
        Assert.True(Single(result, "system.linux.file_descriptors.max").Value > 0);
        Assert.True(Single(result, "system.linux.process.max").Value >= Single(result, "system.thread.count").Value);
        Assert.True(Single(result, "system.linux.thread.max").Value > 0);
    }
}
