using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vigil.LoadGen;

/// <summary>
/// Enrolled simulated agents kept in a folder (<c>identities.jsonl</c>, one agent a line), so a run with more agents
/// enrolls only the ones it lacks. The folder belongs to one server: it records the SHA-256 of the server's CA bundle
/// and starts afresh when another server (a new data folder, a new CA) is used.
/// </summary>
public sealed class IdentityCache
{
    private readonly string _file;

    private IdentityCache(string file, List<CachedIdentity> identities)
    {
        _file = file;
        Identities = identities;
    }

    public List<CachedIdentity> Identities { get; }

    public static IdentityCache Open(string directory, string caBundlePem)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "identities.jsonl");
        var serverFile = Path.Combine(directory, "server-ca.sha256");
        var server = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caBundlePem)));
        if (!File.Exists(serverFile) || File.ReadAllText(serverFile).Trim() != server)
        {
            File.Delete(file);
            File.WriteAllText(serverFile, server + "\n");
        }
        var identities = new List<CachedIdentity>();
        if (File.Exists(file))
        {
            foreach (var line in File.ReadLines(file))
            {
                // A line cut short by an interrupted run is skipped: that agent is enrolled again.
                if (line.Length > 0 && line.EndsWith('}') && TryParse(line) is { } identity)
                {
                    identities.Add(identity);
                }
            }
        }
        return new IdentityCache(file, identities);
    }

    public void Append(IReadOnlyList<CachedIdentity> enrolled)
    {
        var text = new StringBuilder();
        foreach (var identity in enrolled)
        {
            text.Append(JsonSerializer.Serialize(identity, LoadJsonContext.Default.CachedIdentity)).Append('\n');
        }
        File.AppendAllText(_file, text.ToString());
        Identities.AddRange(enrolled);
    }

    private static CachedIdentity? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, LoadJsonContext.Default.CachedIdentity);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
