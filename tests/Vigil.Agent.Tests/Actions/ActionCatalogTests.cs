using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Agent.Actions;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Tests.Actions;

/// <summary>
/// Every action runs for real on this machine (its /proc, its files, a local TCP listener, /bin programs) through the
/// executor, and what it returns is valid under the result schema it declares.
/// </summary>
public sealed class ActionCatalogTests : IDisposable
{
    private readonly TempHostRoot _dir = new();
    private readonly SignedActions _actions;

    public ActionCatalogTests()
    {
        _actions = new SignedActions(Path.Combine(_dir.Root, "state"));
        Directory.CreateDirectory(Path.Combine(_dir.Root, "logs"));
    }

    [Fact]
    public void Every_catalogued_action_has_exactly_one_implementation()
    {
        Assert.Equal(ActionCatalog.All.Select(d => d.Name).Order(StringComparer.Ordinal), KnownActions.All.Keys.Order(StringComparer.Ordinal));
        Assert.All(ActionCatalog.All, d => JsonSchema.FromText(d.ResultSchema));
        Assert.All(ActionCatalog.All, d => JsonSchema.FromText(d.ParameterSchema()));
    }

    private ActionExecutor Executor(string yaml, out string configPath)
    {
        configPath = Path.Combine(_dir.Root, "agent.yaml");
        File.WriteAllText(configPath, $"state_dir: {_dir.Root}/state\ncollectors:\n  packages: {{enabled: false}}\n  certificates: {{enabled: false}}\n{yaml}");
        File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return _actions.Executor(configPath);
    }

    private Task<ActionResult> RunAsync(ActionExecutor executor, string action, Dictionary<string, string> parameters) => _actions.RunAsync(executor, action, parameters);

    private static JsonNode Valid(ActionResult result, string action)
    {
        Assert.True(result.Outcome == ActionOutcome.Succeeded, $"{action}: {result.Code} {result.Error}");
        var output = JsonNode.Parse(result.Output!.Value.GetRawText())!;
        var evaluation = JsonSchema.FromText(ActionCatalog.Find(action)!.ResultSchema).Evaluate(output, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, action + ": " + string.Join("; ", evaluation.Details.Where(d => d.HasErrors).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));
        return output;
    }

    [Fact]
    public async Task Read_only_diagnostics_return_what_their_schemas_promise()
    {
        var logs = Path.Combine(_dir.Root, "logs");
        File.WriteAllText(Path.Combine(logs, "app.log"), string.Join("\n", Enumerable.Range(1, 500).Select(i => $"line {i} token=abc{i}def")) + "\n");
        using var executor = Executor($"actions:\n  read_paths: [{logs}]", out _);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var tail = Valid(await RunAsync(executor, "tail-log", new() { ["path"] = Path.Combine(logs, "app.log"), ["lines"] = "3", ["grep"] = "line 4[0-9][0-9] " }), "tail-log");
        Assert.Equal(["line 497 token=[REDACTED]", "line 498 token=[REDACTED]", "line 499 token=[REDACTED]"], tail["lines"]!.AsArray().Select(l => l!.GetValue<string>()));

        var processes = Valid(await RunAsync(executor, "processes", new()), "processes");
        Assert.Contains(processes["processes"]!.AsArray(), p => p!["pid"]!.GetValue<int>() == Environment.ProcessId);
        var self = Valid(await RunAsync(executor, "process", new() { ["pid"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) }), "process");
        Assert.NotEmpty(self["threads"]!.AsArray());
        Assert.Contains(self["limits"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "Max open files");
        var sockets = Valid(await RunAsync(executor, "sockets", new() { ["state"] = "LISTEN" }), "sockets");
        Assert.Contains(sockets["sockets"]!.AsArray(), s => s!["local"]!.GetValue<string>() == $"127.0.0.1:{port}" && s["pid"]?.GetValue<int>() == Environment.ProcessId);
        var usage = Valid(await RunAsync(executor, "disk-usage", new() { ["path"] = logs }), "disk-usage");
        Assert.Equal(new FileInfo(Path.Combine(logs, "app.log")).Length, usage["bytes"]!.GetValue<long>());
        var dns = Valid(await RunAsync(executor, "dns", new() { ["name"] = "localhost" }), "dns");
        Assert.NotEmpty(dns["addresses"]!.AsArray());
        var connect = Valid(await RunAsync(executor, "connect", new() { ["host"] = "127.0.0.1", ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }), "connect");
        Assert.True(connect["connected"]!.GetValue<bool>());
        var fetched = Valid(await RunAsync(executor, "fetch-file", new() { ["path"] = Path.Combine(logs, "app.log"), ["max_bytes"] = "30" }), "fetch-file");
        Assert.True(fetched["truncated"]!.GetValue<bool>());
        Assert.DoesNotContain("abc1def", fetched["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var snapshot = Valid(await RunAsync(executor, "snapshot", new()), "snapshot");
        Assert.Contains(snapshot["records"]!.AsArray(), r => r!["src"]!.GetValue<string>() == "cpu");
    }

    [Fact]
    public async Task Output_over_the_hosts_bound_fails_instead_of_being_sent()
    {
        var logs = Path.Combine(_dir.Root, "logs");
        File.WriteAllText(Path.Combine(logs, "big.log"), new string('x', 200_000));
        using var executor = Executor($"actions:\n  read_paths: [{logs}]\n  max_output: 64KiB", out _);
        var result = await RunAsync(executor, "fetch-file", new() { ["path"] = Path.Combine(logs, "big.log"), ["max_bytes"] = "150000" });
        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Equal("output_too_large", result.Code);
    }

    [Fact]
    public async Task Privileged_actions_run_only_what_the_allowlist_defines_and_a_failed_validation_rolls_back()
    {
        var target = Path.Combine(_dir.Root, "app.conf");
        File.WriteAllText(target, "port = 80\n");
        using var executor = Executor($"""
            actions:
              allow: [run-command, patch-file, restart-unit]
              commands:
                - {"{"}name: greet, argv: [/bin/echo, hello]{"}"}
              patch_files:
                - {"{"}path: {target}, validate: [/bin/grep, -qE, "^port = [0-9]+$", "{"{"}path{"}"}"]{"}"}
            """, out _);
        var greeting = Valid(await RunAsync(executor, "run-command", new() { ["name"] = "greet" }), "run-command");
        Assert.Equal("hello\n", greeting["stdout"]!.GetValue<string>());
        Assert.Equal(ActionOutcome.Refused, (await RunAsync(executor, "run-command", new() { ["name"] = "other" })).Outcome);
        Assert.Equal(ActionOutcome.Refused, (await RunAsync(executor, "restart-unit", new() { ["unit"] = "ssh.service" })).Outcome);

        var patched = Valid(await RunAsync(executor, "patch-file", new() { ["path"] = target, ["content"] = "port = 8080\n" }), "patch-file");
        Assert.Equal("port = 8080\n", File.ReadAllText(target));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("port = 80\n"u8)), patched["previous_sha256"]!.GetValue<string>());

        var broken = await RunAsync(executor, "patch-file", new() { ["path"] = target, ["content"] = "port = eighty\n" });
        Assert.Equal(ActionOutcome.Failed, broken.Outcome);
        Assert.Contains("restored", broken.Error, StringComparison.Ordinal);
        Assert.Equal("port = 8080\n", File.ReadAllText(target));

        var stale = await RunAsync(executor, "patch-file", new() { ["path"] = target, ["content"] = "port = 1\n", ["expect_sha256"] = patched["previous_sha256"]!.GetValue<string>() });
        Assert.Equal(ActionOutcome.Failed, stale.Outcome);
        Assert.Equal("port = 8080\n", File.ReadAllText(target));
    }

    [Fact]
    public async Task Privileged_actions_are_refused_when_others_can_read_the_config()
    {
        using var executor = Executor("actions:\n  allow: [run-command]\n  commands:\n    - {name: greet, argv: [/bin/echo, hi]}", out var config);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        using var open = _actions.Executor(config);
        var result = await RunAsync(open, "run-command", new() { ["name"] = "greet" });
        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Contains("chmod 600", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _actions.Dispose();
        _dir.Dispose();
    }
}
