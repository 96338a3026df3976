using Vigil.Policy.Loading;
using Vigil.Policy.Model;

namespace Vigil.Policy.Baseline;

/// <summary>The policies shipped inside the agent, addressed as <c>builtin:NAME</c>.</summary>
public static class BuiltInPolicies
{
    public const string Prefix = "builtin:";

    /// <summary>The baseline for Debian and Ubuntu modelled on CIS Level 1, written for Vigil.</summary>
    public const string DebianBaseline = "debian-baseline";

    public static IReadOnlyList<string> Names { get; } = [DebianBaseline];

    public static PolicyDocument Load(string name)
    {
        using var stream = typeof(BuiltInPolicies).Assembly.GetManifestResourceStream($"baseline/{name}.yaml")
            ?? throw new ConfigException($"{Prefix}{name}", 0, 0, "", $"no built-in policy named '{name}'; built in: {string.Join(", ", Names)}");
        using var reader = new StreamReader(stream);
        return PolicyLoader.Load(Prefix + name, reader.ReadToEnd());
    }

    /// <summary>The text of a built-in policy, e.g. to copy and adapt it.</summary>
    public static string Text(string name)
    {
        using var stream = typeof(BuiltInPolicies).Assembly.GetManifestResourceStream($"baseline/{name}.yaml")
            ?? throw new ConfigException($"{Prefix}{name}", 0, 0, "", $"no built-in policy named '{name}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
