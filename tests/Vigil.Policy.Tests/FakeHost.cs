using Vigil.Agent.Host;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Loading;
using Vigil.Policy.Model;
using Vigil.Policy.Results;

namespace Vigil.Policy.Tests;

/// <summary>A throwaway host root (its own /etc, /proc, /var) that policies are evaluated against; deleted on dispose.</summary>
public sealed class FakeHost : IDisposable
{
    public FakeHost()
    {
        Root = Path.Combine(Path.GetTempPath(), "vigil-policy-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nalice:x:1000:1000::/home/alice:/bin/bash\n");
        Write("etc/group", "root:x:0:\nshadow:x:42:\nalice:x:1000:\n");
        Write("etc/shadow", "root:$6$abc$def:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\nalice:$6$x$y:19000:1:365:7:30::\n");
        Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        Write("var/lib/dpkg/status", "Package: openssh-server\nStatus: install ok installed\nVersion: 1:9.2p1-2+deb12u3\nArchitecture: amd64\n\nPackage: telnetd\nStatus: deinstall ok config-files\nVersion: 0.17-44\n\n");
        Write("proc/modules", "ext4 1 1 - Live 0x0\n");
        Write("proc/1/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n30 22 0:27 / /tmp rw,nosuid,nodev,relatime shared:2 - tmpfs tmpfs rw\n");
    }

    public string Root { get; }

    public HostPaths Paths => new(Root);

    public string Write(string relativePath, string content, UnixFileMode? mode = null)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } m)
        {
            File.SetUnixFileMode(path, m);
        }
        return path;
    }

    public EvaluationContext Context(CommandAllowlist? commands = null) => new(Paths, TimeProvider.System, commands);

    /// <summary>Loads a policy made of one check whose rules are <paramref name="rulesYaml"/> (a YAML list).</summary>
    public static PolicyDocument OneCheck(string rulesYaml, string extra = "") => PolicyLoader.Load("test.yaml",
        "id: test\nchecks:\n  - id: c1\n    title: test check\n" + Indent(extra, 4) + "    rules:\n" + Indent(rulesYaml, 6));

    private static string Indent(string yaml, int by) => yaml.Length == 0 ? "" :
        string.Concat(yaml.Split('\n').Select(l => new string(' ', by) + l + "\n"));

    /// <summary>Evaluates a one-check policy and returns its result.</summary>
    public CheckResult Check(string rulesYaml, CommandAllowlist? commands = null, string extra = "") =>
        PolicyEvaluator.Evaluate(OneCheck(rulesYaml, extra), Context(commands)).Results.Single();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
