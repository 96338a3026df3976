namespace Vigil.Protocol.Bundles;

/// <summary>
/// The agent's side of deduplicated bundle upload, over the agent's mutual-TLS channel. The agent chunks a bundle
/// locally, asks which chunk ids the server lacks (<see cref="MissingPath"/>), sends only those
/// (<see cref="BlobsPath"/>), then commits the snapshot and the manifest (<see cref="CommitPath"/>). Every step is
/// idempotent: a blob sent twice is stored once, a commit retried for the same bundle answers the same snapshot, and
/// an upload cut off half-way resumes, because the next missing list no longer names what already arrived.
/// </summary>
public static class BundleApi
{
    /// <summary>POST <see cref="BundleMissingRequest"/>; answers <see cref="BundleMissingResponse"/>.</summary>
    public const string MissingPath = "/v1/agent/bundles/missing";

    /// <summary>PUT <c>{BlobsPath}/{id}?type=data|list</c> with the blob's raw (uncompressed) bytes; the server checks them against the id.</summary>
    public const string BlobsPath = "/v1/agent/bundles/blobs";

    /// <summary>POST <see cref="BundleCommitRequest"/>; answers <see cref="BundleCommitResponse"/> once the snapshot and its metadata are stored.</summary>
    public const string CommitPath = "/v1/agent/bundles/commit";

    /// <summary>The largest blob a PUT may carry (16 MiB, the largest chunk a store may be configured with).</summary>
    public const int MaxBlobBytes = 16 * 1024 * 1024;

    /// <summary>The most blob ids one missing request may name.</summary>
    public const int MaxIdsPerRequest = 1_000_000;

    /// <summary>Error code of a commit refused because blobs it names have not arrived; the agent asks again which are missing.</summary>
    public const string BlobsMissingCode = "blobs_missing";
}
