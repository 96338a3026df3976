using System.Diagnostics;
using System.Text.Json.Nodes;
using Vigil.Agent.Actions;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Tests.Actions;

/// <summary>
/// set-config-key and the dry runs, through the executor, with real files and real commands: OpenSSH's own
/// <c>/usr/sbin/sshd -t -f FILE</c> as the validation (./test.sh installs openssh-server; the service is never
/// started), a reload command that records its runs, systemctl for the unit check.
/// </summary>
public sealed class SetConfigKeyTests : IDisposable
{
    private readonly TempHostRoot _dir = new();
    private readonly SignedActions _actions;
    private const string Sshd = "/usr/sbin/sshd";
    private readonly string _hostKey;
    private readonly string _reload;
    private readonly string _reloads;

    public SetConfigKeyTests()
    {
        _actions = new SignedActions(Path.Combine(_dir.Root, "state"));
        Assert.True(File.Exists(Sshd), $"{Sshd} is missing: install openssh-server (./test.sh does)");
        // sshd -t refuses to run without its privilege separation directory, which systemd creates when it starts
        // ssh.service; the service never runs here, so it is created the same way (root only, mode 0755).
        if (!Directory.Exists("/run/sshd"))
        {
            Directory.CreateDirectory("/run/sshd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        // A host key of the test's own, named by every config below, so the check does not depend on /etc/ssh.
        _hostKey = Path.Combine(_dir.Root, "ssh_host_ed25519_key");
        using (var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", _hostKey]) { RedirectStandardOutput = true })!)
        {
            Assert.True(keygen.WaitForExit(30_000), "ssh-keygen did not finish in 30 s");
            Assert.Equal(0, keygen.ExitCode);
        }
        _reloads = Path.Combine(_dir.Root, "reloads");
        _reload = Script("reload", $"#!/bin/sh\necho reloaded >> {_reloads}\n");
    }

    private string Script(string name, string body)
    {
        var path = _dir.Write(name, body.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private ActionExecutor Executor(string patchEntry, string allow = "set-config-key, patch-file, restart-unit, run-command")
    {
        var configPath = Path.Combine(_dir.Root, "agent.yaml");
        File.WriteAllText(configPath, $"""
            state_dir: {_dir.Root}/state
            actions:
              allow: [{allow}]
              units: [ssh.service]
              commands:
                - {"{"}name: touch, argv: [/usr/bin/touch, {_dir.Root}/touched]{"}"}
              patch_files:
                - {patchEntry}
            """);
        File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return _actions.Executor(configPath);
    }

    private Task<ActionResult> RunAsync(ActionExecutor executor, string action, Dictionary<string, string> parameters) => _actions.RunAsync(executor, action, parameters);

    private static JsonNode Output(ActionResult result) => JsonNode.Parse(result.Output!.Value.GetRawText())!;

    /// <summary>An sshd_config made of <see cref="HostKeyLine"/> and <paramref name="text"/>.</summary>
    private string SshdConfig(string text) => _dir.Write("etc/ssh/sshd_config", HostKeyLine + text);

    private string HostKeyLine => $"HostKey {_hostKey}\n";

    private string Entry(string path, string extra = "") =>
        $"{{path: {path}, validate: [{Sshd}, -t, -f, \"{{path}}\"], then: [{_reload}]{extra}}}";

    [Fact]
    public async Task A_dry_run_returns_the_diff_and_changes_nothing()
    {
        var path = SshdConfig("Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin yes\n");
        var before = File.ReadAllBytes(path);
        var written = File.GetLastWriteTimeUtc(path);
        using var executor = Executor(Entry(path));

        var result = await RunAsync(executor, "set-config-key", new() { ["path"] = path, ["key"] = "PermitRootLogin", ["value"] = "no", ["format"] = "sshd", ["dry_run"] = "true" });

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        var output = Output(result);
        Assert.True(output["dry_run"]!.GetValue<bool>());
        Assert.False(output["changed"]!.GetValue<bool>());
        Assert.Contains("+PermitRootLogin no\n Include /etc/ssh/sshd_config.d/*.conf", output["diff"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.False(File.Exists(_reloads)); // nothing validated, nothing reloaded
    }

    [Fact]
    public async Task A_valid_change_is_written_keeping_the_mode_validated_and_reloaded()
    {
        var path = SshdConfig("Port 22\nPermitRootLogin yes\nMatch User backup\n  PermitRootLogin yes\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var executor = Executor(Entry(path));

        var result = await RunAsync(executor, "set-config-key", new() { ["path"] = path, ["key"] = "PermitRootLogin", ["value"] = "no", ["format"] = "sshd" });

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Error);
        Assert.True(Output(result)["changed"]!.GetValue<bool>());
        Assert.Equal(HostKeyLine + "Port 22\nPermitRootLogin no\nMatch User backup\n  PermitRootLogin yes\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["reloaded"], File.ReadAllLines(_reloads));

        var again = await RunAsync(executor, "set-config-key", new() { ["path"] = path, ["key"] = "PermitRootLogin", ["value"] = "no", ["format"] = "sshd" });
        Assert.False(Output(again)["changed"]!.GetValue<bool>()); // already so: nothing written, nothing reloaded
        Assert.Single(File.ReadAllLines(_reloads));
    }

    [Fact]
    public async Task A_value_the_validator_refuses_is_rolled_back_and_the_old_file_reloaded()
    {
        var path = SshdConfig("PermitRootLogin no\n");
        var original = File.ReadAllText(path);
        using var executor = Executor(Entry(path));

        var result = await RunAsync(executor, "set-config-key", new() { ["path"] = path, ["key"] = "PermitRootLogin", ["value"] = "maybe", ["format"] = "sshd" });

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Equal("rolled_back", result.Code);
        // sshd's own words, naming the file and line it refused.
        Assert.Contains($"validation failed (exit 255): {path} line 2: unsupported option \"maybe\".", result.Error, StringComparison.Ordinal);
        Assert.True(Output(result)["rolled_back"]!.GetValue<bool>());
        Assert.Equal(original, File.ReadAllText(path));
        Assert.False(File.Exists(path + ".vigil-tmp"));
        Assert.Equal(["reloaded"], File.ReadAllLines(_reloads)); // then ran again, for the restored file
    }

    [Fact]
    public async Task A_key_sshd_does_not_know_is_refused_by_sshd_and_rolled_back()
    {
        var path = SshdConfig("Port 22\n");
        var original = File.ReadAllText(path);
        using var executor = Executor(Entry(path));

        var result = await RunAsync(executor, "set-config-key", new() { ["path"] = path, ["key"] = "PermitRootLogn", ["value"] = "no", ["format"] = "sshd" });

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Equal("rolled_back", result.Code);
        Assert.Contains("Bad configuration option: PermitRootLogn", result.Error, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(path));
        Assert.Equal(["reloaded"], File.ReadAllLines(_reloads));
    }

    [Fact]
    public async Task A_unit_that_does_not_come_back_active_rolls_the_change_back()
    {
        var path = _dir.Write("etc/sysctl.d/60-vigil.conf", "net.ipv4.ip_forward = 1\n");
        using var executor = Executor($"{{path: {path}, validate: [/bin/true], unit: vigil-test-missing.service, unit_timeout: 1s}}");

        var result = await RunAsync(executor, "set-config-key", new() { ["path"] = path, ["key"] = "net.ipv4.ip_forward", ["value"] = "0", ["format"] = "sysctl" });

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("vigil-test-missing.service", result.Error, StringComparison.Ordinal);
        Assert.Equal("net.ipv4.ip_forward = 1\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_file_not_in_patch_files_is_refused()
    {
        var path = SshdConfig("PermitRootLogin yes\n");
        var other = _dir.Write("etc/other.conf", "A=1\n");
        using var executor = Executor(Entry(path));
        var result = await RunAsync(executor, "set-config-key", new() { ["path"] = other, ["key"] = "A", ["value"] = "2" });
        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal("A=1\n", File.ReadAllText(other));
    }

    [Fact]
    public async Task Dry_runs_of_patch_file_restart_unit_and_run_command_change_nothing()
    {
        var path = SshdConfig("PermitRootLogin yes\n");
        using var executor = Executor(Entry(path));

        var patch = await RunAsync(executor, "patch-file", new() { ["path"] = path, ["content"] = HostKeyLine + "PermitRootLogin no\n", ["dry_run"] = "true" });
        Assert.True(patch.Outcome == ActionOutcome.Succeeded, patch.Error);
        Assert.Contains("-PermitRootLogin yes\n+PermitRootLogin no", Output(patch)["diff"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HostKeyLine + "PermitRootLogin yes\n", File.ReadAllText(path));
        Assert.False(File.Exists(_reloads));

        var command = await RunAsync(executor, "run-command", new() { ["name"] = "touch", ["dry_run"] = "true" });
        Assert.True(command.Outcome == ActionOutcome.Succeeded, command.Error);
        Assert.Equal(["/usr/bin/touch", $"{_dir.Root}/touched"], Output(command)["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.False(File.Exists(Path.Combine(_dir.Root, "touched")));

        var restart = await RunAsync(executor, "restart-unit", new() { ["unit"] = "ssh.service", ["dry_run"] = "true" });
        Assert.True(restart.Outcome == ActionOutcome.Succeeded, restart.Error);
        Assert.Equal("restart", Output(restart)["would"]!.GetValue<string>());

        // The allowlist still decides: a dry run of an action it does not allow is refused.
        using var narrow = Executor(Entry(path), allow: "patch-file");
        Assert.Equal(ActionOutcome.Refused, (await RunAsync(narrow, "run-command", new() { ["name"] = "touch", ["dry_run"] = "true" })).Outcome);
    }

    public void Dispose()
    {
        _actions.Dispose();
        _dir.Dispose();
    }
}
