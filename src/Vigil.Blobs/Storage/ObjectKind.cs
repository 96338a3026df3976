namespace Vigil.Blobs.Storage;

/// <summary>The families of objects a store keeps; each is one prefix (folder, or S3 key prefix).</summary>
public enum ObjectKind
{
    /// <summary>The store's config: format version and chunker parameters.</summary>
    Config,

    /// <summary>Pack files of blobs, named by the SHA-256 of their bytes.</summary>
    Pack,

    /// <summary>Index files mapping blob ids to pack locations, named by their SHA-256.</summary>
    Index,

    /// <summary>Snapshots (one per stored file set), named by their SHA-256.</summary>
    Snapshot,

    /// <summary>Locks of running adds and GCs.</summary>
    Lock,

    /// <summary>Coordination state between GC and adds (the condemned set).</summary>
    State,
}
