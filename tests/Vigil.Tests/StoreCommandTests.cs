using System.Text.Json.Nodes;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary><c>vigil store</c> run as the real executable on a real folder: what a user and a script see.</summary>
public sealed class StoreCommandTests
{
    private static (int ExitCode, string Output) Vigil(params string[] args) => TestProcess.Run("vigil.dll", null, args);

    private static JsonNode Json(params string[] args)
    {
        var (code, output) = Vigil([.. args, "--format", "json"]);
        Assert.True(code == 0, $"vigil {string.Join(' ', args)} exited {code}: {output}");
        return JsonNode.Parse(output)!;
    }

    [Fact]
    public void Add_ls_diff_restore_verify_and_stats_work_on_one_store_and_report_dedup()
    {
        using var dir = new TempDirectory("vigil-store-cli");
        var repo = dir.File("repo");
        var day1 = dir.File("d1");
        dir.Write("d1/etc/hosts", "127.0.0.1 localhost\n");
        dir.Write("d1/logs/syslog", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Jan  1 00:00:{i % 60:00} host kernel: line {i}\n")));
        var day2 = dir.File("d2");
        dir.Write("d2/etc/hosts", "127.0.0.1 localhost\n10.0.0.2 db\n");
        dir.Write("d2/logs/syslog", File.ReadAllText(Path.Combine(day1, "logs/syslog")) + "Jan  2 00:00:00 host kernel: one more\n");

        var first = Json("store", "add", "--repo", repo, day1, "--host", "h1", "--time", "2025-01-01T00:00:00Z");
        var second = Json("store", "add", "--repo", repo, day2, "--host", "h1", "--time", "2025-01-02T00:00:00Z");
        Assert.Equal(2, (int)first["files"]!);
        Assert.True((long)second["new_raw_bytes"]! < (long)second["logical_bytes"]! / 10, second.ToJsonString());
        Assert.True((double)second["dedup_ratio"]! > 5, second.ToJsonString());

        var ls = Json("store", "ls", "--repo", repo);
        Assert.Equal([(string)first["snapshot"]!, (string)second["snapshot"]!], ls["snapshots"]!.AsArray().Select(s => (string)s!["id"]!));

        var a = ((string)first["snapshot"]!)[..8];
        var b = ((string)second["snapshot"]!)[..8];
        var diff = Json("store", "diff", "--repo", repo, a, b);
        Assert.Equal(["etc/hosts", "logs/syslog"], diff["changes"]!.AsArray().Select(c => (string)c!["path"]!));
        Assert.All(diff["changes"]!.AsArray(), c => Assert.Equal("changed", (string)c!["change"]!));

        var target = dir.File("out");
        Json("store", "restore", "--repo", repo, b, "--target", target);
        Assert.Equal(File.ReadAllText(Path.Combine(day2, "logs/syslog")), File.ReadAllText(Path.Combine(target, "logs/syslog")));

        var verify = Json("store", "verify", "--repo", repo);
        Assert.True((bool)verify["ok"]!, verify.ToJsonString());
        var stats = Json("store", "stats", "--repo", repo);
        Assert.Equal(2, (int)stats["snapshots"]!);
        Assert.True((long)stats["stored_bytes"]! < (long)stats["logical_bytes"]!);

        // The table form, as a person reads it.
        var (code, table) = Vigil("store", "ls", "--repo", repo);
        Assert.Equal(0, code);
        Assert.Contains("2 snapshots", table, StringComparison.Ordinal);
        Assert.Contains(a, table, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_exits_1_and_names_the_damaged_pack()
    {
        using var dir = new TempDirectory("vigil-store-cli");
        var repo = dir.File("repo");
        dir.Write("src/a.log", string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n")));
        Json("store", "add", "--repo", repo, dir.File("src"));
        var pack = Directory.GetFiles(Path.Combine(repo, "packs"), "*", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(pack);
        bytes[^10] ^= 0x40;
        File.WriteAllBytes(pack, bytes);

        var (code, output) = Vigil("store", "verify", "--repo", repo, "--format", "json");
        Assert.Equal(1, code);
        var report = JsonNode.Parse(output)!;
        Assert.False((bool)report["ok"]!);
        Assert.Contains(report["damages"]!.AsArray(), d => (string)d!["kind"]! == "pack" && (string)d["name"]! == Path.GetFileName(pack));
    }

    [Fact]
    public void A_missing_store_is_a_one_line_error()
    {
        using var dir = new TempDirectory("vigil-store-cli");
        var (code, output) = Vigil("store", "ls", "--repo", dir.File("nothing-here"));
        Assert.Equal(1, code);
        Assert.Contains("no such store", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    // VIGIL_STORE_BINARY=artifacts/store/vigil-store (./test.sh sets it) runs this against the NativeAOT build.
    private static (int ExitCode, string Output) VigilStore(params string[] args) =>
        TestProcess.Run(Environment.GetEnvironmentVariable("VIGIL_STORE_BINARY") is { Length: > 0 } binary ? binary : "vigil-store.dll", null, args);

    [Fact]
    public void Vigil_store_binary_writes_the_same_store_and_answers_as_vigil_store()
    {
        using var dir = new TempDirectory("vigil-store-cli");
        dir.Write("src/etc/hosts", "127.0.0.1 localhost\n");
        dir.Write("src/logs/app.log", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"2025-01-01 worker {i % 7} handled request {i}\n")));
        string[] add = ["add", dir.File("src"), "--host", "h1", "--time", "2025-01-01T00:00:00Z", "--format", "json"];

        var viaVigil = Json(["store", .. add[..^2], "--repo", dir.File("a")]);
        var (code, output) = VigilStore([.. add, "--repo", dir.File("b")]);
        Assert.True(code == 0, output);
        var viaStore = JsonNode.Parse(output)!;
        foreach (var key in new[] { "snapshot", "files", "logical_bytes", "new_blobs", "new_raw_bytes", "stored_bytes" })
        {
            Assert.Equal(viaVigil[key]!.ToJsonString(), viaStore[key]!.ToJsonString());
        }

        // The store one wrote, the other reads: the same format, whichever binary runs.
        var (lsCode, ls) = VigilStore("ls", "--repo", dir.File("a"), "--format", "json");
        Assert.True(lsCode == 0, ls);
        Assert.Equal((string)viaVigil["snapshot"]!, (string)JsonNode.Parse(ls)!["snapshots"]![0]!["id"]!);
        var (verifyCode, verify) = VigilStore("verify", "--repo", dir.File("a"));
        Assert.True(verifyCode == 0, verify);
        Assert.Contains("no damage", verify, StringComparison.Ordinal);

        var (missingCode, missing) = VigilStore("ls", "--repo", dir.File("nothing-here"));
        Assert.Equal(1, missingCode);
        Assert.StartsWith("vigil-store: ", missing.Trim(), StringComparison.Ordinal);
    }
}
