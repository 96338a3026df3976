namespace Vigil.Agent.Host;

/// <summary>
/// The one seam through which the agent finds the host's files. In a container the host's filesystem is
/// mounted elsewhere (for example <c>/host</c>); tests point it at recorded fixtures.
/// </summary>
public sealed record HostPaths
{
    public static HostPaths Default { get; } = new("/");

    public HostPaths(string root, string? proc = null, string? sys = null)
    {
        Root = root;
        Proc = proc ?? Path.Combine(root, "proc");
        Sys = sys ?? Path.Combine(root, "sys");
    }

    /// <summary>Host root filesystem ("/" on a plain host).</summary>
    public string Root { get; }
    public string Proc { get; }
    public string Sys { get; }

    public string InProc(string relative) => Path.Combine(Proc, relative);
    public string InSys(string relative) => Path.Combine(Sys, relative);
    /// <summary>Resolves an absolute host path (e.g. <c>/etc/os-release</c>) under <see cref="Root"/>.</summary>
    public string InRoot(string absolute) => Path.Combine(Root, absolute.TrimStart('/'));
}
