namespace Vigil.Agent.Collectors.Identity;

/// <summary>
/// Names the container runtime the agent runs in. Kubernetes is checked first because a pod is also a
/// docker/containerd container and the orchestrator is what an operator needs to know.
/// </summary>
public static class ContainerRuntime
{
    public const string None = "none";

    /// <param name="dockerEnv">/.dockerenv exists.</param>
    /// <param name="containerEnv">/run/.containerenv exists (podman).</param>
    /// <param name="kubernetesEnv">The agent's own environment has KUBERNETES_SERVICE_HOST.</param>
    /// <param name="pid1Environ">/proc/1/environ (NUL-separated), empty when unreadable.</param>
    /// <param name="pid1Cgroup">/proc/1/cgroup, empty when unreadable.</param>
    public static string Detect(bool dockerEnv, bool containerEnv, bool kubernetesEnv, ReadOnlySpan<char> pid1Environ, ReadOnlySpan<char> pid1Cgroup)
    {
        var containerVar = EnvironValue(pid1Environ, "container");
        if (kubernetesEnv || !EnvironValue(pid1Environ, "KUBERNETES_SERVICE_HOST").IsEmpty || pid1Cgroup.Contains("kubepods", StringComparison.Ordinal))
        {
            return "kubernetes";
        }
        if (containerEnv || containerVar.SequenceEqual("podman"))
        {
            return "podman";
        }
        if (dockerEnv || containerVar.SequenceEqual("docker"))
        {
            return "docker";
        }
        if (containerVar.SequenceEqual("lxc") || containerVar.SequenceEqual("lxc-libvirt"))
        {
            return "lxc";
        }
        if (containerVar.SequenceEqual("systemd-nspawn"))
        {
            return "systemd-nspawn";
        }
        // Any other runtime that follows the container= convention names itself.
        return containerVar.IsEmpty ? None : containerVar.ToString();
    }

    /// <summary>The value of <paramref name="name"/> in a NUL-separated environment block, or empty.</summary>
    public static ReadOnlySpan<char> EnvironValue(ReadOnlySpan<char> environ, string name)
    {
        foreach (var range in environ.Split('\0'))
        {
            var entry = environ[range];
            if (entry.Length > name.Length && entry[name.Length] == '=' && entry.StartsWith(name, StringComparison.Ordinal))
            {
                return entry[(name.Length + 1)..];
            }
        }
        return default;
    }
}
