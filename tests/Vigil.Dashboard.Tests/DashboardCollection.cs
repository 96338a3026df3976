namespace Vigil.Dashboard.Tests;

/// <summary>Browser tests share one Chromium and run one at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<Chromium>
{
    public const string Name = "dashboard";
}
