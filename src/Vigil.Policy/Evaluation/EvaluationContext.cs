using System.Text.RegularExpressions;
using Vigil.Agent.Collectors.Connections;
using Vigil.Agent.Collectors.Filesystem;
using Vigil.Agent.Collectors.KernelModules;
using Vigil.Agent.Collectors.Packages;
using Vigil.Agent.Collectors.Users;
using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Policy.Host;

namespace Vigil.Policy.Evaluation;

/// <summary>
/// Everything rules read about one host during one evaluation, through <see cref="HostPaths"/>. Each source (a
/// file, the package database, the socket tables, a filesystem walk) is read at most once per evaluation and
/// shared by every rule that needs it, which is what keeps a 300-check policy cheap. Not thread-safe: one
/// evaluation at a time.
/// </summary>
public sealed partial class EvaluationContext
{
    /// <summary>Largest file a content rule reads; a bigger one is an error rather than a partial read.</summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    private readonly Dictionary<string, FileText> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Errno, FileStatus Status)> _stats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<WalkEntry>> _walks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandOutput> _commands = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    private readonly UnixStat _stat = new();
    private IReadOnlyDictionary<string, string> _variables = new Dictionary<string, string>();
    private List<PasswdEntry>? _users;
    private List<GroupEntry>? _groups;
    private Dictionary<string, ShadowEntry>? _shadow;
    private Dictionary<string, InstalledPackage>? _packages;
    private List<MountEntry>? _mounts;
    private HashSet<string>? _modules;
    private List<ListeningSocket>? _listeners;
    private List<ProcessEntry>? _processes;
    private SysctlSettings? _sysctl;

    public EvaluationContext(HostPaths paths, TimeProvider time, CommandAllowlist? commands = null, Redactor? redactor = null)
    {
        Paths = paths;
        Time = time;
        Commands = commands ?? CommandAllowlist.Empty;
        Redactor = redactor ?? new Redactor();
        Facts = HostFacts.Read(this);
    }

    public HostPaths Paths { get; }
    public TimeProvider Time { get; }
    public CommandAllowlist Commands { get; }
    public Redactor Redactor { get; }

    /// <summary>Inventory facts usable as <c>${name}</c> and by the <c>fact</c> rule (os.id, os.version_id, host.container, ...).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; }

    /// <summary>Called after every check; the daemon's budget pauses here (and a cancelled evaluation throws).</summary>
    public Action? BetweenChecks { get; set; }

    /// <summary>
    /// The host paths this evaluation depended on: files read, directories listed, paths stat'ed (in that order,
    /// without filesystem walks). A change to one of them can change a verdict, so the daemon watches them.
    /// </summary>
    public IReadOnlyList<string> PathsRead => [.. _texts.Keys, .. _listed, .. _stats.Keys.Where(k => !_texts.ContainsKey(k))];

    /// <summary>Notes that <paramref name="absolute"/> was listed, for <see cref="PathsRead"/>.</summary>
    public void NoteListed(string absolute) => _listed.Add(absolute);

    /// <summary>Sets the policy's own variables for the checks about to be evaluated.</summary>
    public void UsePolicyVariables(IReadOnlyDictionary<string, string> variables) => _variables = variables;

    /// <summary>Replaces <c>${name}</c> with a policy variable or a fact; an unknown name is kept as written.</summary>
    public string Expand(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }
        return VariablePattern().Replace(text, m =>
            _variables.TryGetValue(m.Groups[1].Value, out var v) ? v
            : Facts.TryGetValue(m.Groups[1].Value, out var f) ? f
            : m.Value);
    }

    /// <summary>
    /// Redacts text that comes from the host (a configuration line, command output, a command line) before it
    /// becomes an observed value; rules call it on that text only, so their own wording (paths, modes) stays exact.
    /// </summary>
    public string Redact(string hostText) => Redactor.Redact(hostText);

    /// <summary>The host path <paramref name="absolute"/> resolved under the configured root.</summary>
    public string Resolve(string absolute) => Paths.InRoot(absolute);

    /// <summary>The text of a host file, read once per evaluation.</summary>
    public FileText ReadText(string absolute)
    {
        if (_texts.TryGetValue(absolute, out var cached))
        {
            return cached;
        }
        var text = FileText.Read(Resolve(absolute), MaxFileBytes);
        _texts[absolute] = text;
        return text;
    }

    /// <summary>stat(2) of a host path (symlinks followed): 0 and the status, or the errno.</summary>
    public int Stat(string absolute, out FileStatus status)
    {
        if (!_stats.TryGetValue(absolute, out var entry))
        {
            entry.Errno = _stat.Stat(Resolve(absolute), out entry.Status);
            _stats[absolute] = entry;
        }
        status = entry.Status;
        return entry.Errno;
    }

    public IReadOnlyList<PasswdEntry> Users => _users ??= ReadText("/etc/passwd") is { Text: { } t } ? PasswdEntry.ParseAll(t) : [];

    public IReadOnlyList<GroupEntry> Groups => _groups ??= ReadText("/etc/group") is { Text: { } t } ? GroupEntry.ParseAll(t) : [];

    /// <summary>/etc/shadow by account name; empty when it cannot be read (then <see cref="ShadowProblem"/> says why).</summary>
    public IReadOnlyDictionary<string, ShadowEntry> Shadow => _shadow ??= ReadText("/etc/shadow") is { Text: { } t } ? ShadowEntry.ParseAll(t) : [];

    public string? ShadowProblem => ReadText("/etc/shadow").Problem;

    /// <summary>Installed packages by name, from the dpkg database (empty when there is none).</summary>
    public IReadOnlyDictionary<string, InstalledPackage> Packages => _packages ??= LoadPackages();

    public bool HasPackageDatabase => ReadText("/var/lib/dpkg/status").Text is not null;

    public IReadOnlyList<MountEntry> Mounts => _mounts ??= LoadMounts();

    public IReadOnlySet<string> LoadedModules => _modules ??= LoadModules();

    public IReadOnlyList<ListeningSocket> Listeners => _listeners ??= LoadListeners();

    public IReadOnlyList<ProcessEntry> Processes => _processes ??= ProcessEntry.ReadAll(Paths.Proc);

    /// <summary>Persisted sysctl settings from sysctl.d, in the order systemd-sysctl applies them.</summary>
    public SysctlSettings Sysctl => _sysctl ??= SysctlSettings.Read(this);

    /// <summary>Every entry under <paramref name="absolute"/> (one walk per root per evaluation), see <see cref="FileWalker"/>.</summary>
    public IReadOnlyList<WalkEntry> Walk(string absolute)
    {
        if (!_walks.TryGetValue(absolute, out var entries))
        {
            entries = FileWalker.Walk(this, absolute);
            _walks[absolute] = entries;
        }
        return entries;
    }

    /// <summary>Runs an allowlisted command once per evaluation; see <see cref="CommandRunner"/>.</summary>
    public CommandOutput RunCommand(string commandLine)
    {
        if (!_commands.TryGetValue(commandLine, out var output))
        {
            output = CommandRunner.Run(Commands, commandLine);
            _commands[commandLine] = output;
        }
        return output;
    }

    private Dictionary<string, InstalledPackage> LoadPackages()
    {
        var text = ReadText("/var/lib/dpkg/status").Text;
        var map = new Dictionary<string, InstalledPackage>(StringComparer.Ordinal);
        if (text is not null)
        {
            foreach (var p in DpkgStatusSource.Parse(text))
            {
                map[p.Name] = p;
            }
        }
        return map;
    }

    private List<MountEntry> LoadMounts()
    {
        foreach (var candidate in new[] { "1/mountinfo", "self/mountinfo" })
        {
            var text = FileText.Read(Paths.InProc(candidate), MaxFileBytes).Text;
            if (text is not null)
            {
                return MountInfo.Parse(text);
            }
        }
        return [];
    }

    private HashSet<string> LoadModules()
    {
        var text = FileText.Read(Paths.InProc("modules"), MaxFileBytes).Text;
        return text is null ? [] : LoadedModule.ParseAll(text).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
    }

    private List<ListeningSocket> LoadListeners()
    {
        var listeners = new List<ListeningSocket>();
        Span<int> counts = stackalloc int[SocketTable.StateSlots];
        foreach (var protocol in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            var text = FileText.Read(Paths.InProc("net/" + protocol), MaxFileBytes).Text;
            if (text is not null)
            {
                SocketTable.Scan(text, protocol, counts, listeners);
            }
        }
        return listeners;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.\-]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}
