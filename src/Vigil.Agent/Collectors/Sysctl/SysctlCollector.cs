using System.Text;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Sysctl;

/// <summary>
/// Current values of selected kernel parameters, read from /proc/sys (never through sysctl(8)), as an inventory:
/// a change of value is a configuration change the server sees as a diff.
/// </summary>
public sealed class SysctlCollector : ICollector
{
    public const string CollectorName = "sysctl";
    public const string Kind = "sysctl";

    private readonly SysctlOptions _options;
    private readonly StringBuilder _value = new();
    private string? _pathsFor;
    private string[] _paths = [];
    private string[] _sources = [];

    public SysctlCollector(SysctlOptions? options = null)
    {
        _options = options ?? new SysctlOptions();
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Inventory;

    public CollectorSchema Schema { get; } = new() { InventoryKinds = [Kind] };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var keys = _options.Keys;
        if (_pathsFor != context.Paths.Proc)
        {
            _paths = new string[keys.Count];
            _sources = new string[keys.Count];
            for (var i = 0; i < keys.Count; i++)
            {
                _sources[i] = "/proc/sys/" + keys[i].Replace('.', '/');
                _paths[i] = context.Paths.InProc(_sources[i][6..]);
            }
            _pathsFor = context.Paths.Proc;
        }
        var items = new List<InventoryItem>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var source = _sources[i];
            try
            {
                if (!context.Files.TryRead(_paths[i], out var text))
                {
                    context.Unavailable(source, "not present on this kernel");
                    continue;
                }
                items.Add(new InventoryItem
                {
                    Key = keys[i],
                    Attributes = new Dictionary<string, string>(1, StringComparer.Ordinal) { ["value"] = Normalise(text) },
                });
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Some parameters are root-only, and a few refuse reads outright (stable_secret answers EIO).
                var reason = Directory.Exists(_paths[i]) ? "a group of parameters, not one"
                    : e is UnauthorizedAccessException ? "permission denied" : "unreadable";
                context.Unavailable(source, reason);
            }
        }
        context.Output.Inventory(Kind, items);
        return ValueTask.CompletedTask;
    }

    /// <summary>Multi-value parameters (ip_local_port_range) are tab-separated; runs of blanks become one space.</summary>
    private string Normalise(ReadOnlySpan<char> text)
    {
        _value.Clear();
        var pendingSpace = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                _value.Append(' ');
                pendingSpace = false;
            }
            _value.Append(c);
        }
        return _value.ToString();
    }
}
