using Vigil.Agent.Actions;
using Vigil.Agent.Configuration;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Tests.Actions;

/// <summary>The allowlist in agent.yaml: read-only by default, and mistakes named by file, line and key.</summary>
public sealed class ActionsOptionsTests
{
    [Fact]
    public void By_default_only_read_only_diagnostics_are_allowed()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", "").Actions;
        Assert.True(options.Enabled);
        Assert.NotEmpty(options.Allow);
        Assert.All(options.Allow, name => Assert.False(ActionCatalog.Find(name)!.Privileged));
        Assert.False(options.Allows(ActionNames.RunCommand));
        Assert.Equal(["/var/log"], options.ReadPaths);
    }

    [Theory]
    [InlineData("actions:\n  allow: [snapshot, format-disk]", "actions.allow", "format-disk")]
    [InlineData("actions:\n  read_paths: [var/log]", "actions.read_paths", "absolute")]
    [InlineData("actions:\n  commands:\n    - {name: x, argv: [echo, hi]}", "actions.commands[0].argv", "absolute path")]
    [InlineData("actions:\n  commands:\n    - {argv: [/bin/echo]}", "actions.commands[0].name", "required")]
    [InlineData("actions:\n  commands:\n    - {name: a, argv: [/bin/true]}\n    - {name: a, argv: [/bin/false]}", "actions.commands", "twice")]
    [InlineData("actions:\n  patch_files:\n    - {path: /etc/x.conf}", "actions.patch_files[0].validate", "required")]
    [InlineData("actions:\n  max_concurent: 3", "actions.max_concurent", "max_concurrent")]
    public void Mistakes_name_the_key(string yaml, string key, string hint)
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", yaml));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_and_patchable_files_bind()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", """
            actions:
              allow: [run-command, patch-file]
              commands:
                - {name: nginx-test, argv: [/usr/sbin/nginx, -t], timeout: 5s}
              patch_files:
                - {path: /etc/nginx/nginx.conf, validate: [/usr/sbin/nginx, -t], then: [/usr/bin/systemctl, reload, nginx]}
            """).Actions;
        Assert.Equal(["/usr/sbin/nginx", "-t"], options.Commands.Single().Argv);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Commands.Single().Timeout);
        Assert.Equal("/etc/nginx/nginx.conf", options.PatchFiles.Single().Path);
        Assert.Null(options.Validate());
    }
}
