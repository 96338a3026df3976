using Vigil.Agent.Compliance;
using Vigil.Policy.Baseline;
using Vigil.Policy.Loading;
using Vigil.Policy.Model;

namespace Vigil.AgentHost.Compliance;

/// <summary>
/// Turns <c>compliance.policies</c> into policy documents: <c>builtin:NAME</c> from the agent itself, an absolute
/// path as written, a glob (<c>*</c>, <c>?</c> in the last component) as the matching files in name order. A source
/// that fails is a <see cref="PolicyLoadFailure"/> with the loader's file/line/key message; a missing plain file is
/// one too (a glob that matches nothing is not: the directory may be filled later).
/// </summary>
public static class PolicySources
{
    /// <summary>One loaded policy and the file it came from (null for a built-in).</summary>
    public sealed record Loaded(PolicyDocument Document, string? File);

    public static (List<Loaded> Loaded, List<PolicyLoadFailure> Failures) Load(IReadOnlyList<string> sources)
    {
        var loaded = new List<Loaded>();
        var failures = new List<PolicyLoadFailure>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var file in Expand(source))
            {
                try
                {
                    var document = file.StartsWith(BuiltInPolicies.Prefix, StringComparison.Ordinal)
                        ? BuiltInPolicies.Load(file[BuiltInPolicies.Prefix.Length..])
                        : PolicyLoader.LoadFile(file);
                    if (ids.TryGetValue(document.Id, out var first))
                    {
                        failures.Add(new PolicyLoadFailure(file, $"{file}: policy id '{document.Id}' is already assigned by {first}; ids must be unique"));
                        continue;
                    }
                    ids[document.Id] = file;
                    loaded.Add(new Loaded(document, file.StartsWith(BuiltInPolicies.Prefix, StringComparison.Ordinal) ? null : file));
                }
                catch (ConfigException e)
                {
                    failures.Add(new PolicyLoadFailure(file, e.Message));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failures.Add(new PolicyLoadFailure(file, $"{file}: cannot read: {e.Message}"));
                }
            }
        }
        return (loaded, failures);
    }

    private static List<string> Expand(string source)
    {
        var name = Path.GetFileName(source);
        if (source.StartsWith(BuiltInPolicies.Prefix, StringComparison.Ordinal) || name.AsSpan().IndexOfAny('*', '?') < 0)
        {
            return [source];
        }
        var directory = Path.GetDirectoryName(source)!;
        if (!Directory.Exists(directory))
        {
            return [];
        }
        return Directory.EnumerateFiles(directory, name).Order(StringComparer.Ordinal).ToList();
    }
}
