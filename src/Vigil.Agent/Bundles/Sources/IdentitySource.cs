using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Agent.Channel;

namespace Vigil.Agent.Bundles.Sources;

/// <summary><c>identity.json</c>: which host, which agent, when and how the bundle was collected, read from the host's own files.</summary>
public sealed class IdentitySource : IBundleSource
{
    public string Name => "identity";
    public string Title => "Identity";

    public Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        var identity = new JsonObject
        {
            ["host"] = context.Host,
            ["bundle_id"] = context.Id,
            ["created"] = context.Created.ToString("O", CultureInfo.InvariantCulture),
            ["profile"] = context.Profile.Name,
            ["since"] = context.Request.SinceText,
            ["trigger"] = context.Request.Trigger,
            ["agent_version"] = ServerHttp.AgentVersion,
            ["agent_id"] = BundleCollector.EnrolledAgentId(context.Agent),
            ["host_root"] = context.Agent.HostRoot,
            // Without root some files (auth.log, the kernel buffer) are unreadable: the reader of the bundle should know.
            ["collected_as_root"] = Environment.IsPrivilegedProcess,
            ["kernel"] = Line(context, context.Paths.InProc("sys/kernel/osrelease"), "/proc/sys/kernel/osrelease"),
            ["kernel_version"] = Line(context, context.Paths.InProc("sys/kernel/version"), "/proc/sys/kernel/version"),
            ["machine_id"] = Line(context, context.Paths.InRoot("/etc/machine-id"), "/etc/machine-id"),
            ["uptime_s"] = Uptime(context),
        };
        var os = OsRelease(context);
        if (os is not null)
        {
            identity["os"] = os;
        }
        context.AddJson("identity.json", identity);
        return Task.CompletedTask;
    }

    private static string? Line(BundleContext context, string path, string shown)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Skip(shown, e is UnauthorizedAccessException ? "permission denied" : "not present");
            return null;
        }
    }

    private static double? Uptime(BundleContext context)
    {
        var text = Line(context, context.Paths.InProc("uptime"), "/proc/uptime");
        var first = text?.Split(' ')[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }

    private static JsonObject? OsRelease(BundleContext context)
    {
        var text = Line(context, context.Paths.InRoot("/etc/os-release"), "/etc/os-release");
        if (text is null)
        {
            return null;
        }
        var os = new JsonObject();
        foreach (var line in text.Split('\n'))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && line[..eq] is "ID" or "VERSION_ID" or "PRETTY_NAME" or "ID_LIKE")
            {
                os[line[..eq].ToLowerInvariant()] = line[(eq + 1)..].Trim('"');
            }
        }
        return os;
    }
}
