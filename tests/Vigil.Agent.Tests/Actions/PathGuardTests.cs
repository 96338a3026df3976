using Vigil.Agent.Actions;

namespace Vigil.Agent.Tests.Actions;

/// <summary>Paths are judged by where they lead, not how they are spelled.</summary>
public sealed class PathGuardTests : IDisposable
{
    private readonly TempHostRoot _host = new();

    private string Make(string relative, string content = "x")
    {
        var path = Path.Combine(_host.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_file_under_an_allowed_root_passes_and_dot_dot_is_refused_outright()
    {
        var log = Make("logs/app.log");
        var guard = new PathGuard("/", [Path.Combine(_host.Root, "logs")], []);
        Assert.Equal(log, guard.Check(log));
        var e = Assert.Throws<ActionRefusedException>(() => guard.Check(Path.Combine(_host.Root, "logs", "..", "secret")));
        Assert.Contains("'..'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ActionRefusedException>(() => guard.Check("logs/app.log"));
    }

    [Fact]
    public void A_symlink_is_judged_by_its_target()
    {
        var secret = Make("state/agent.key", "KEY");
        Make("logs/app.log");
        var link = Path.Combine(_host.Root, "logs", "innocent.log");
        File.CreateSymbolicLink(link, secret);
        Directory.CreateSymbolicLink(Path.Combine(_host.Root, "logs", "dir"), Path.Combine(_host.Root, "state"));
        var guard = new PathGuard("/", [Path.Combine(_host.Root, "logs")], []);
        var e = Assert.Throws<ActionRefusedException>(() => guard.Check(link));
        Assert.Contains("resolves to " + secret, e.Message, StringComparison.Ordinal);
        Assert.Throws<ActionRefusedException>(() => guard.Check(Path.Combine(_host.Root, "logs", "dir", "agent.key")));
    }

    [Fact]
    public void Denied_roots_win_over_allowed_ones()
    {
        var key = Make("etc/vigil/agent.yaml");
        var guard = new PathGuard("/", [_host.Root], [Path.Combine(_host.Root, "etc", "vigil")]);
        var e = Assert.Throws<ActionRefusedException>(() => guard.Check(key));
        Assert.Contains("no action may touch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inside_a_host_root_absolute_symlinks_stay_inside_it()
    {
        Make("var/log/app.log");
        Make("etc/shadow", "root:x");
        File.CreateSymbolicLink(Path.Combine(_host.Root, "var", "log", "shadow"), "/etc/shadow");
        var guard = new PathGuard(_host.Root, ["/var/log"], ["/etc/shadow"]);
        Assert.Equal(Path.Combine(_host.Root, "var/log/app.log"), guard.Check("/var/log/app.log"));
        Assert.Equal("/etc/shadow", guard.Resolve("/var/log/shadow"));
        Assert.Throws<ActionRefusedException>(() => guard.Check("/var/log/shadow"));
    }

    public void Dispose() => _host.Dispose();
}
