using System.Text.Json.Nodes;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;
using Vigil.Protocol;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles;

/// <summary>
/// What a bundle source may use and how it hands over what it found: files (redacted and capped on the way in),
/// skipped items with their reason, and headline problems.
/// </summary>
public sealed class BundleContext
{
    private readonly BundleWriter _writer;

    internal BundleContext(AgentOptions agent, BundleRequest request, string id, string host, DateTimeOffset created, TimeProvider time,
        HostPrograms programs, Func<string, string?> environment, BundleWriter writer)
    {
        Agent = agent;
        Request = request;
        Id = id;
        Host = host;
        Created = created;
        Time = time;
        Programs = programs;
        Environment = environment;
        Paths = new HostPaths(agent.HostRoot);
        _writer = writer;
    }

    public AgentOptions Agent { get; }
    public BundleRequest Request { get; }
    public BundleProfile Profile => Request.Profile;
    public string Id { get; }
    public string Host { get; }
    public DateTimeOffset Created { get; }
    /// <summary>Entries older than this are left out where their timestamps tell.</summary>
    public DateTimeOffset Cutoff => Created - Request.Since;
    public TimeProvider Time { get; }
    public HostPaths Paths { get; }
    public HostPrograms Programs { get; }
    /// <summary>The agent's environment (node name variables in a Kubernetes pod); tests give their own.</summary>
    public Func<string, string?> Environment { get; }
    /// <summary>True when the agent sees the host's own root, so host programs describe the host (not a container).</summary>
    public bool OnHostRoot => Path.GetFullPath(Paths.Root) == "/";

    /// <summary>The collectors' snapshot, once the collectors source has run (other sources read problems from it).</summary>
    public IReadOnlyList<Record> Records { get; internal set; } = [];

    /// <summary>The source now running; files and skips are attributed to it.</summary>
    internal string Source { get; set; } = "";
    internal List<BundleProblem> Problems { get; } = [];
    internal List<string> Skipped { get; } = [];

    public void AddText(string path, string text, bool truncated = false)
    {
        if (_writer.AddText(path, Source, text, truncated, out var reason) is null)
        {
            Skip(path, reason!);
        }
    }

    public void AddJson(string path, JsonNode node)
    {
        if (_writer.AddJson(path, Source, node, out var reason) is null)
        {
            Skip(path, reason!);
        }
    }

    public void Skip(string what, string reason) => Skipped.Add($"{Source}: {what}: {reason}");

    /// <param name="severity"><c>critical</c>, <c>warning</c> or <c>info</c>.</param>
    public void Problem(string severity, string summary, string? file = null) =>
        Problems.Add(new BundleProblem { Severity = severity, Summary = summary, File = file });

    /// <summary>
    /// Reads a host file (its beginning, or its end for logs) up to <paramref name="max"/> bytes; null, with the reason
    /// recorded as a skip, when it is missing, unreadable or binary.
    /// </summary>
    public HostTextFile.Content? ReadHostFile(string hostPath, long max, bool tail) => Read(Paths.InRoot(hostPath), hostPath, max, tail);

    /// <summary>Reads a file of the agent's own (its configuration), which lives where the agent runs, not under the host root.</summary>
    public HostTextFile.Content? ReadHostFileOutsideRoot(string path) => Read(path, path, Profile.MaxFileBytes, tail: false);

    private HostTextFile.Content? Read(string real, string hostPath, long max, bool tail)
    {
        try
        {
            if (Directory.Exists(real))
            {
                Skip(hostPath, "a directory, not a file");
                return null;
            }
            var content = HostTextFile.Read(real, max, tail);
            if (content.Binary)
            {
                Skip(hostPath, "binary content: not gathered (redaction cannot vouch for it)");
                return null;
            }
            return content;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Skip(hostPath, "not present");
        }
        catch (UnauthorizedAccessException)
        {
            Skip(hostPath, "permission denied (run as root for a complete bundle)");
        }
        catch (IOException e)
        {
            Skip(hostPath, "cannot be read: " + e.Message);
        }
        return null;
    }
}
