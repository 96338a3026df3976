namespace Vigil.Agent.Collectors.Packages;

/// <param name="Source">The source package it was built from; its own name when the database names none.</param>
/// <param name="Status">Package manager state: <c>installed</c>, or a half-done one such as <c>half-installed</c>, <c>unpacked</c>, <c>half-configured</c>, <c>triggers-pending</c>.</param>
public sealed record InstalledPackage(string Name, string Version, string Architecture, string Source, string Status)
{
    public const string Installed = "installed";
}
