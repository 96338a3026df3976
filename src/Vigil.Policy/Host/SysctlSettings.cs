using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>
/// The persisted kernel parameters: every <c>key = value</c> in the sysctl.d(5) files, in the order systemd-sysctl
/// applies them (file names sorted across /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d,
/// /lib/sysctl.d, a name in an earlier directory hiding the same name in a later one), then /etc/sysctl.conf.
/// Keys are normalised to dots (<c>net/ipv4/ip_forward</c> = <c>net.ipv4.ip_forward</c>).
/// </summary>
public sealed class SysctlSettings
{
    public static readonly string[] Directories = ["/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d"];

    private readonly Dictionary<string, List<(string Value, string File)>> _assignments = new(StringComparer.Ordinal);

    /// <summary>Every assignment of <paramref name="key"/>, in application order (the last one is in force after boot).</summary>
    public IReadOnlyList<(string Value, string File)> Of(string key) =>
        _assignments.TryGetValue(Normalise(key), out var list) ? list : [];

    public static string Normalise(string key) => key.Trim().Replace('/', '.');

    public static SysctlSettings Read(EvaluationContext context)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in Directories)
        {
            foreach (var name in PathGlob.ListNames(context, dir))
            {
                if (name.EndsWith(".conf", StringComparison.Ordinal))
                {
                    byName.TryAdd(name, dir + "/" + name);
                }
            }
        }
        var settings = new SysctlSettings();
        foreach (var file in byName.Values.Append("/etc/sysctl.conf"))
        {
            if (context.ReadText(file).Text is { } text)
            {
                settings.Add(file, text);
            }
        }
        return settings;
    }

    internal void Add(string file, string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var key = Normalise(line[..eq].TrimStart('-'));
            if (!_assignments.TryGetValue(key, out var list))
            {
                _assignments[key] = list = [];
            }
            list.Add((line[(eq + 1)..].Trim(), file));
        }
    }
}
