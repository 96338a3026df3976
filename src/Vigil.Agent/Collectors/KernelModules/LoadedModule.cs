using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.KernelModules;

/// <summary>One line of /proc/modules: <c>name size refcount used_by state address [taints]</c>.</summary>
/// <param name="UsedBy">Modules that depend on it, comma-separated; empty when none ("-").</param>
/// <param name="State">Live, Loading or Unloading.</param>
public sealed record LoadedModule(string Name, ulong Size, long RefCount, string UsedBy, string State)
{
    public static List<LoadedModule> ParseAll(ReadOnlySpan<char> text)
    {
        var modules = new List<LoadedModule>();
        Span<Range> f = stackalloc Range[7];
        foreach (var line in text.EnumerateLines())
        {
            if (SpanParsing.SplitFields(line, f) < 5)
            {
                continue;
            }
            var usedBy = line[f[3]].TrimEnd(',');
            modules.Add(new LoadedModule(
                line[f[0]].ToString(),
                SpanParsing.ParseUInt64(line[f[1]]),
                // refcount is "-" for modules built without unload support
                line[f[2]] is "-" ? -1 : SpanParsing.ParseInt64(line[f[2]]),
                usedBy is "-" ? "" : usedBy.ToString(),
                line[f[4]].ToString()));
        }
        return modules;
    }
}
