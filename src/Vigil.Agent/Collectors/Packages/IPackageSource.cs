namespace Vigil.Agent.Collectors.Packages;

/// <summary>
/// A package manager's database of what is installed. The collector uses the first source whose database exists.
/// Implemented: <see cref="DpkgStatusSource"/> (Debian, Ubuntu). Planned, not implemented: an rpm source for
/// RHEL/Fedora/SUSE reading <c>/var/lib/rpm/rpmdb.sqlite</c> (rpm ≥ 4.16): the <c>Packages</c> table holds one
/// header blob per package, from which the NAME, VERSION-RELEASE, ARCH and SOURCERPM tags would be decoded
/// (big-endian header index + data store), with no librpm and no shelling out to <c>rpm -qa</c>.
/// </summary>
public interface IPackageSource
{
    /// <summary>Short name for health reports, e.g. <c>dpkg</c>.</summary>
    string Name { get; }

    /// <summary>Absolute host path of the database; its modification time and size tell whether it changed.</summary>
    string DatabasePath { get; }

    /// <summary>Reads every package present in any state worth reporting (not removed ones).</summary>
    IReadOnlyList<InstalledPackage> Read(CollectionContext context);
}
