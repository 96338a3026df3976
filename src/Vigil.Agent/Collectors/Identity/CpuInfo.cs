using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Identity;

/// <summary>What /proc/cpuinfo says about the processor: its model, how many logical CPUs, and the hypervisor flag.</summary>
public sealed record CpuInfo(string? Model, int LogicalCpus, bool HypervisorFlag)
{
    /// <summary>
    /// x86 names the model in "model name"; arm64 often only has "Hardware" (or nothing), MIPS and others use
    /// "cpu model"; the first of these found wins, in that order of preference.
    /// </summary>
    public static CpuInfo Parse(ReadOnlySpan<char> text)
    {
        string? modelName = null, hardware = null, cpuModel = null;
        var processors = 0;
        var hypervisor = false;
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            var key = line[..colon].Trim();
            if (key.SequenceEqual("processor"))
            {
                processors++;
            }
            else if (key.SequenceEqual("model name"))
            {
                modelName ??= SpanParsing.ValueAfterColon(line).ToString();
            }
            else if (key.SequenceEqual("Hardware"))
            {
                hardware ??= SpanParsing.ValueAfterColon(line).ToString();
            }
            else if (key.SequenceEqual("cpu model"))
            {
                cpuModel ??= SpanParsing.ValueAfterColon(line).ToString();
            }
            else if (!hypervisor && key.SequenceEqual("flags"))
            {
                hypervisor = HasFlag(SpanParsing.ValueAfterColon(line), "hypervisor");
            }
        }
        return new CpuInfo(Blank(modelName) ?? Blank(hardware) ?? Blank(cpuModel), processors, hypervisor);
    }

    private static bool HasFlag(ReadOnlySpan<char> flags, string flag)
    {
        foreach (var range in flags.Split(' '))
        {
            if (flags[range].SequenceEqual(flag))
            {
                return true;
            }
        }
        return false;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
