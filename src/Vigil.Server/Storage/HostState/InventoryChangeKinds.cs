namespace Vigil.Server.Storage.HostState;

/// <summary>The values of <see cref="InventoryChange.Change"/>.</summary>
public static class InventoryChangeKinds
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";
    /// <summary>The <see cref="InventoryChange.Kind"/> of identity field changes.</summary>
    public const string IdentityKind = "identity";
}
