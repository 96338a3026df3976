using Vigil.Agent.Collectors.Identity;
using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>
/// The inventory facts a policy may test (rule kind <c>fact</c>) or use as <c>${name}</c>: <c>os.id</c>,
/// <c>os.version_id</c>, <c>os.major</c>, <c>os.pretty_name</c>, <c>kernel.release</c>, <c>host.name</c>,
/// <c>host.arch</c>, <c>host.container</c> (the runtime, or <c>none</c>), <c>host.machine</c> (<c>true</c> outside
/// containers, as OpenSCAP's <c>machine</c> platform), <c>host.systemd</c> (<c>true</c> when systemd is PID 1).
/// </summary>
public static class HostFacts
{
    public static IReadOnlyDictionary<string, string> Read(EvaluationContext context)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var os = context.ReadText("/etc/os-release").Text ?? context.ReadText("/usr/lib/os-release").Text;
        if (os is not null)
        {
            var release = OsRelease.Parse(os);
            facts["os.id"] = release.Id ?? "";
            facts["os.version_id"] = release.VersionId ?? "";
            facts["os.major"] = (release.VersionId ?? "").Split('.')[0];
            facts["os.pretty_name"] = release.PrettyName ?? "";
        }
        facts["kernel.release"] = FileText.Read(context.Paths.InProc("sys/kernel/osrelease"), 256).Text?.Trim() ?? "";
        facts["host.name"] = FileText.Read(context.Paths.InProc("sys/kernel/hostname"), 256).Text?.Trim() ?? "";
        facts["host.arch"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var dockerEnv = File.Exists(context.Resolve("/.dockerenv"));
        var containerEnv = File.Exists(context.Resolve("/run/.containerenv"));
        var kubernetes = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null;
        var environ = FileText.Read(context.Paths.InProc("1/environ"), 64 * 1024).Text ?? "";
        var cgroup = FileText.Read(context.Paths.InProc("1/cgroup"), 64 * 1024).Text ?? "";
        var runtime = ContainerRuntime.Detect(dockerEnv, containerEnv, kubernetes, environ, cgroup);
        facts["host.container"] = runtime;
        // OpenSCAP's "machine" platform is false when /.dockerenv or /run/.containerenv exists.
        facts["host.machine"] = !dockerEnv && !containerEnv && runtime == ContainerRuntime.None ? "true" : "false";
        facts["host.systemd"] = FileText.Read(context.Paths.InProc("1/comm"), 256).Text?.Trim() == "systemd" ? "true" : "false";
        return facts;
    }
}
