using System.IO.Enumeration;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// The configuration files of interest (<c>bundles.config_files</c> plus the profile's), each under
/// <c>config/</c> at its host path, redacted like everything else. Password databases and private key files are
/// never gathered, whatever a pattern matches.
/// </summary>
public sealed class ConfigFilesSource : IBundleSource
{
    /// <summary>Files no pattern can bring into a bundle.</summary>
    public static IReadOnlyList<string> Never { get; } =
        ["/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/ssh/ssh_host_*_key", "*.key", "/etc/vigil/identity/*", "/etc/sudoers"];

    public string Name => "config";
    public string Title => "Configuration files";

    public Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in context.Agent.Bundles.ConfigFiles.Concat(context.Profile.ExtraConfigFiles))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var matches = HostGlob.Resolve(context.Paths, pattern);
            if (matches.Count == 0)
            {
                context.Skip(pattern, "no file matches");
            }
            foreach (var path in matches.Where(seen.Add))
            {
                Gather(context, path, "config" + path);
            }
        }
        // The configuration this agent actually runs with, when it is not the one above (a --config elsewhere).
        if (context.Request.ConfigPath is { } config && File.Exists(config) && !seen.Contains(config))
        {
            var content = context.ReadHostFileOutsideRoot(config);
            if (content is not null)
            {
                context.AddText("config/agent-in-use.yaml", content.Text, content.Truncated);
            }
        }
        return Task.CompletedTask;
    }

    private static void Gather(BundleContext context, string path, string bundlePath)
    {
        if (Never.Any(p => FileSystemName.MatchesSimpleExpression(p, path, ignoreCase: false)))
        {
            context.Skip(path, "never gathered (credentials or private keys)");
            return;
        }
        if (context.ReadHostFile(path, context.Profile.MaxFileBytes, tail: false) is { } content)
        {
            context.AddText(bundlePath, content.Text, content.Truncated);
        }
    }
}
