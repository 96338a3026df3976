using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions;

/// <summary>
/// Decides whether an action may touch a path: the path is resolved component by component inside the host root
/// (every symlink followed, absolute targets taken as relative to the host root), and the result must lie under one
/// of the allowed roots and under none of the denied ones. So <c>/var/log/../../etc/shadow</c> is refused for its
/// <c>..</c>, and <c>/var/log/link</c> pointing at <c>/etc/shadow</c> for where it leads. The agent's own
/// configuration and state (its key, its nonces) are always denied, whatever the allowlist says.
/// </summary>
public sealed class PathGuard
{
    private const int MaxLinks = 40;
    private readonly string _hostRoot;
    private readonly IReadOnlyList<string> _allowed;
    private readonly IReadOnlyList<string> _denied;

    public PathGuard(string hostRoot, IReadOnlyList<string> allowed, IReadOnlyList<string> denied)
    {
        _hostRoot = hostRoot.Length > 1 ? hostRoot.TrimEnd('/') : "";
        _allowed = allowed.Select(Resolve).ToList();
        _denied = denied.Select(Resolve).ToList();
    }

    public IReadOnlyList<string> Denied => _denied;

    /// <summary>The path on this machine's filesystem (under the host root) to open, once <paramref name="requested"/> passed every check.</summary>
    /// <exception cref="ActionRefusedException">The path is outside the allowed roots, inside a denied one, or not a clean absolute path.</exception>
    public string Check(string requested, IReadOnlyList<string>? allowedOverride = null)
    {
        if (new ActionParameter("path", ParameterKind.Path, "").Check(requested) is { } problem)
        {
            throw new ActionRefusedException(RefusalCodes.PathDenied, problem);
        }
        var resolved = Resolve(requested);
        if (_denied.FirstOrDefault(d => Within(resolved, d)) is { } denied)
        {
            throw new ActionRefusedException(RefusalCodes.PathDenied, $"{requested}{Via(requested, resolved)} is under {denied}, which no action may touch");
        }
        var allowed = allowedOverride?.Select(Resolve).ToList() ?? _allowed;
        if (!allowed.Any(a => Within(resolved, a)))
        {
            throw new ActionRefusedException(RefusalCodes.PathDenied, $"{requested}{Via(requested, resolved)} is not under this host's allowed paths ({string.Join(", ", allowed)})");
        }
        return _hostRoot + resolved;
    }

    private static string Via(string requested, string resolved) => requested == resolved ? "" : $" (which resolves to {resolved})";

    private static bool Within(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>The path with every symlink resolved, as seen from inside the host root; components that do not exist are kept as written.</summary>
    public string Resolve(string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            var candidate = "/" + string.Join('/', resolved.Append(part));
            var info = new FileInfo(_hostRoot + candidate);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new ActionRefusedException(RefusalCodes.PathDenied, $"{path}: too many symbolic links");
                }
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }
                foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(segment);
                }
                continue;
            }
            resolved.Add(part);
        }
        return "/" + string.Join('/', resolved);
    }
}
