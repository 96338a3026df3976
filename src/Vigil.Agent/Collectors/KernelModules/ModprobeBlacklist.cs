namespace Vigil.Agent.Collectors.KernelModules;

/// <summary>
/// Modules that modprobe.d configuration keeps from loading: <c>blacklist NAME</c> (no loading by alias) and
/// <c>install NAME /bin/false</c> or <c>/bin/true</c> (any explicit load does nothing), the form CIS benchmarks use.
/// </summary>
public static class ModprobeBlacklist
{
    /// <summary>Where modprobe reads configuration, highest precedence first; a file name seen earlier hides later ones.</summary>
    public static readonly string[] Directories = ["/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/lib/modprobe.d", "/usr/lib/modprobe.d"];

    /// <summary>Adds the modules one configuration file blacklists to <paramref name="names"/>.</summary>
    public static void ParseInto(ReadOnlySpan<char> text, HashSet<string> names)
    {
        Span<Range> f = stackalloc Range[4];
        foreach (var raw in text.EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            var n = Vigil.Agent.Host.SpanParsing.SplitFields(line, f);
            if (n >= 2 && line[f[0]] is "blacklist")
            {
                names.Add(Normalise(line[f[1]]));
            }
            else if (n >= 3 && line[f[0]] is "install" && IsNoOp(line[f[2]]))
            {
                names.Add(Normalise(line[f[1]]));
            }
        }
    }

    /// <summary>modprobe treats '-' and '_' in module names alike; /proc/modules shows '_'.</summary>
    public static string Normalise(ReadOnlySpan<char> name) => name.ToString().Replace('-', '_');

    private static bool IsNoOp(ReadOnlySpan<char> command) =>
        command is "true" or "false" || command.EndsWith("/true") || command.EndsWith("/false");
}
