using Vigil.Agent.Collectors.Users;

namespace Vigil.Policy.Host;

/// <summary>
/// The ageing fields of one /etc/shadow line (<c>name:hash:last:min:max:warn:inactive:expire:</c>). The hash is only
/// classified (<see cref="ShadowFacts.Classify"/>: set, locked, empty, none), never kept.
/// </summary>
public sealed record ShadowEntry(string Name, string Password, string LastChange, string MinDays, string MaxDays, string WarnDays, string Inactive, string Expire)
{
    public static Dictionary<string, ShadowEntry> ParseAll(string text)
    {
        var entries = new Dictionary<string, ShadowEntry>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var f = line.Split(':');
            if (f.Length < 2 || f[0].Length == 0)
            {
                continue;
            }
            string At(int i) => i < f.Length ? f[i].Trim() : "";
            entries[f[0]] = new ShadowEntry(f[0], ShadowFacts.Classify(f[1]), At(2), At(3), At(4), At(5), At(6), At(7));
        }
        return entries;
    }
}
