using Vigil.Agent.Bundles;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Bundles;

/// <summary>A host root with a few real-looking files, an agent.yaml pointing at it, and no host programs.</summary>
public sealed class FakeHost : IDisposable
{
    private readonly TempHostRoot _dir = new();

    public FakeHost()
    {
        Root = Path.Combine(_dir.Root, "host");
        Output = Path.Combine(_dir.Root, "out");
        Directory.CreateDirectory(Output);
        Directory.CreateDirectory(Path.Combine(_dir.Root, "bin"));
        Write("proc/sys/kernel/hostname", "web-1\n");
        Write("proc/sys/kernel/osrelease", "6.1.0-test\n");
        Write("proc/uptime", "12345.67 100.00\n");
        Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        Write("etc/hosts", "127.0.0.1 localhost\n");
        Write("etc/fstab", "UUID=abc / ext4 defaults 0 1\n");
        Write("etc/sysctl.d/10-net.conf", "net.ipv4.ip_forward = 1\n");
        Write("etc/sysctl.d/20-vm.conf", "vm.swappiness = 10\n");
    }

    public string Root { get; }
    public string Output { get; }
    /// <summary>An empty directory: journalctl, systemctl, ip and dmesg are "not found".</summary>
    public HostPrograms NoPrograms => new([Path.Combine(_dir.Root, "bin")]);

    public string Write(string relative, string content) => _dir.Write(Path.Combine("host", relative), content);

    public AgentOptions Options(string extraYaml = "") => AgentConfigLoader.Parse("agent.yaml", $"""
        host_root: {Root}
        state_dir: {_dir.Root}/state
        collectors:
          packages: {"{"}enabled: false{"}"}
          certificates: {"{"}enabled: false{"}"}
        {extraYaml}
        """);

    public async Task<BundleResult> CollectAsync(AgentOptions options, string profile = "default", string since = "24h",
        Func<string, string?>? environment = null, TimeProvider? time = null)
    {
        var request = new BundleRequest(options.Bundles.Profile(profile)!, BundleRequest.ParseSince(since, out _)!.Value, since, "cli", null);
        var collector = new BundleCollector(options, time ?? TimeProvider.System, NoPrograms, environment ?? (_ => null));
        return await collector.CollectAsync(request, (host, id) => Path.Combine(Output, BundleId.FileName(host, id)), null, CancellationToken.None);
    }

    public void Dispose() => _dir.Dispose();
}
