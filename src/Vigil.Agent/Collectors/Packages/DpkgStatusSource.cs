namespace Vigil.Agent.Collectors.Packages;

/// <summary>dpkg's own database, <c>/var/lib/dpkg/status</c>: RFC 822-like stanzas separated by blank lines.</summary>
public sealed class DpkgStatusSource : IPackageSource
{
    public string Name => "dpkg";

    public string DatabasePath => "/var/lib/dpkg/status";

    public IReadOnlyList<InstalledPackage> Read(CollectionContext context) =>
        Parse(context.Files.Read(context.Paths.InRoot(DatabasePath)));

    /// <summary>
    /// Parses the stanzas. Continuation lines (starting with a space or tab, as in Description) are skipped.
    /// "Status: want flag state": packages whose state is not-installed or config-files (removed, configuration
    /// kept) are left out; half-done states are kept and named in <see cref="InstalledPackage.Status"/>.
    /// </summary>
    public static List<InstalledPackage> Parse(ReadOnlySpan<char> text)
    {
        var packages = new List<InstalledPackage>(1024);
        var stanza = new Stanza();
        foreach (var line in text.EnumerateLines())
        {
            if (line.IsWhiteSpace())
            {
                stanza.FlushInto(packages);
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var field = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (field.SequenceEqual("Package"))
            {
                stanza.Name = value.ToString();
            }
            else if (field.SequenceEqual("Status"))
            {
                var lastSpace = value.LastIndexOf(' ');
                stanza.Status = value[(lastSpace + 1)..].ToString();
            }
            else if (field.SequenceEqual("Version"))
            {
                stanza.Version = value.ToString();
            }
            else if (field.SequenceEqual("Architecture"))
            {
                stanza.Architecture = value.ToString();
            }
            else if (field.SequenceEqual("Source"))
            {
                // "Source: glibc (2.36-9)" names the source version too when it differs from the binary's.
                var space = value.IndexOf(' ');
                stanza.Source = (space < 0 ? value : value[..space]).ToString();
            }
        }
        stanza.FlushInto(packages);
        return packages;
    }

    private sealed class Stanza
    {
        public string? Name;
        public string? Status;
        public string? Version;
        public string? Architecture;
        public string? Source;

        public void FlushInto(List<InstalledPackage> packages)
        {
            if (Name is not null && Status is not null and not "not-installed" and not "config-files")
            {
                packages.Add(new InstalledPackage(Name, Version ?? "", Architecture ?? "", Source ?? Name, Status));
            }
            Name = Status = Version = Architecture = Source = null;
        }
    }
}
