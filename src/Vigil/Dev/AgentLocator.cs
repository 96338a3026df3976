using System.Diagnostics;

namespace Vigil.Cli.Dev;

/// <summary>
/// Finds the vigil-agent to start for <c>vigil dev</c>: $VIGIL_AGENT (a binary or a .dll), the agent built next to this
/// executable (agent/vigil-agent.dll, run with dotnet), or vigil-agent on PATH.
/// </summary>
public static class AgentLocator
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var path = Environment.GetEnvironmentVariable("VIGIL_AGENT");
        if (string.IsNullOrEmpty(path))
        {
            var bundled = Path.Combine(AppContext.BaseDirectory, "agent", "vigil-agent.dll");
            path = File.Exists(bundled) ? bundled : FindOnPath("vigil-agent")
                ?? throw new Client.CliException("cannot find vigil-agent: build it (dotnet build), put it on PATH, or set VIGIL_AGENT");
        }
        var info = path.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo(DotnetHost()) { ArgumentList = { path } }
            : new ProcessStartInfo(path);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.UseShellExecute = false;
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        return info;
    }

    private static string DotnetHost() => Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
