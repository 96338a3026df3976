using System.Net;
using System.Net.Http.Json;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Blobs;
using Vigil.Blobs.Uploads;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles.Upload;

/// <summary>
/// Uploads a bundle file to the server the agent is enrolled with, over the agent's mutual-TLS identity: unpack it
/// (<see cref="BundleExtractor"/>), chunk it locally with <see cref="SnapshotPreparer"/>, ask which chunks the server
/// lacks, send only those (a few at a time, each retried with backoff on transient failures), then commit. A commit
/// the server refuses because chunks vanished meanwhile (a server restart before they were sealed) asks again once.
/// </summary>
public sealed class HttpsBundleUploader : IBundleUploader, IDisposable
{
    /// <summary>Blobs in flight at once; the agent's client keeps two connections to its server.</summary>
    private const int Parallelism = 2;
    private const int Attempts = 5;

    private readonly HttpClient _client;
    private readonly Uri _server;
    private readonly string _agentId;
    private readonly string _temp;
    private readonly TimeProvider _time;

    public HttpsBundleUploader(HttpClient client, Uri server, string agentId, string tempDirectory, TimeProvider time)
    {
        _client = client;
        _server = server;
        _agentId = agentId;
        _temp = tempDirectory;
        _time = time;
    }

    /// <summary>The uploader for this agent's enrolled identity, or null when the agent is not enrolled.</summary>
    public static IBundleUploader? ForAgent(AgentOptions options, TimeProvider time)
    {
        var identity = IdentityStore.InStateDirectory(options.StateDirectory).Load();
        if (identity is null)
        {
            return null;
        }
        var server = options.Server.Url ?? identity.Enrollment.ServerUrl;
        var client = ServerHttp.Create(ServerTrust.Roots(identity.CaBundle), identity.Certificate, EnvironmentProxy.From(Environment.GetEnvironmentVariable), options.Server.Timeout);
        return new HttpsBundleUploader(client, server, identity.Enrollment.AgentId, Path.Combine(options.StateDirectory, "bundles", "upload"), time);
    }

    public async Task<BundleUploadResult> UploadAsync(string bundleFile, IProgress<BundleUploadProgress>? progress, CancellationToken cancellationToken)
    {
        var work = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            progress?.Report(new BundleUploadProgress("unpack", 0, 1));
            var manifest = await BundleExtractor.ExtractAsync(bundleFile, work, cancellationToken).ConfigureAwait(false);
            progress?.Report(new BundleUploadProgress("chunk", 0, 1));
            var options = new AddOptions { Host = _agentId, Time = manifest.Created, Tags = ["bundle:" + manifest.Id, "profile:" + manifest.Profile] };
            var prepared = await SnapshotPreparer.PrepareAsync([work], options, new StoreConfig().Chunker, _time, cancellationToken).ConfigureAwait(false);
            var commit = new BundleCommitRequest { Snapshot = SnapshotWire.From(prepared.Snapshot), Manifest = manifest };
            long sentBytes = 0;
            var sent = 0;
            for (var round = 0; ; round++)
            {
                var missing = await MissingAsync(manifest.Id, prepared, cancellationToken).ConfigureAwait(false);
                var (bytes, count) = await SendAsync(missing, prepared, progress, cancellationToken).ConfigureAwait(false);
                sentBytes += bytes;
                sent += count;
                progress?.Report(new BundleUploadProgress("commit", 0, 1));
                var stored = await CommitAsync(commit, retryOnMissing: round == 0, cancellationToken).ConfigureAwait(false);
                if (stored is not null)
                {
                    progress?.Report(new BundleUploadProgress("commit", 1, 1));
                    return new BundleUploadResult(manifest.Id, stored.SnapshotId, prepared.Snapshot.LogicalBytes, sentBytes, sent, prepared.Blobs.Count);
                }
            }
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private async Task<IReadOnlyList<BlobId>> MissingAsync(string bundleId, PreparedSnapshot prepared, CancellationToken cancellationToken)
    {
        var request = new BundleMissingRequest { BundleId = bundleId, Blobs = [.. prepared.Blobs.Keys.Select(k => k.ToHex())] };
        var response = await RetryAsync(async () =>
        {
            using var content = JsonContent.Create(request, BundleUploadJsonContext.Default.BundleMissingRequest);
            using var answer = await _client.PostAsync(Url(BundleApi.MissingPath), content, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessOkAsync(answer, "asking which chunks are missing", cancellationToken).ConfigureAwait(false);
            return await answer.Content.ReadFromJsonAsync(BundleUploadJsonContext.Default.BundleMissingResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("empty missing-chunks answer");
        }, cancellationToken).ConfigureAwait(false);
        var ids = new List<BlobId>(response.Missing.Count);
        foreach (var hex in response.Missing)
        {
            if (!BlobId.TryParse(hex, out var id) || !prepared.Blobs.ContainsKey(id))
            {
                throw new BundleUploadException($"the server asked for chunk '{hex}', which this bundle does not have");
            }
            ids.Add(id);
        }
        return ids;
    }

    private async Task<(long Bytes, int Count)> SendAsync(IReadOnlyList<BlobId> missing, PreparedSnapshot prepared, IProgress<BundleUploadProgress>? progress, CancellationToken cancellationToken)
    {
        long total = missing.Sum(id => (long)prepared.Blobs[id].Raw.Length);
        long done = 0;
        var count = 0;
        progress?.Report(new BundleUploadProgress("upload", 0, total));
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var blob = prepared.Blobs[id];
            var type = blob.Type == BlobType.List ? "list" : "data";
            await RetryAsync(async () =>
            {
                using var content = new ByteArrayContent(blob.Raw);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                using var answer = await _client.PutAsync(Url($"{BundleApi.BlobsPath}/{id.ToHex()}?type={type}"), content, ct).ConfigureAwait(false);
                await ThrowUnlessOkAsync(answer, $"sending chunk {id.Short}", ct).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
            Interlocked.Increment(ref count);
            var sent = Interlocked.Add(ref done, blob.Raw.Length);
            progress?.Report(new BundleUploadProgress("upload", sent, total));
        }).ConfigureAwait(false);
        return (done, count);
    }

    /// <summary>The stored bundle; null when the server lacked chunks and <paramref name="retryOnMissing"/> allows another round.</summary>
    private async Task<BundleCommitResponse?> CommitAsync(BundleCommitRequest request, bool retryOnMissing, CancellationToken cancellationToken) =>
        await RetryAsync(async () =>
        {
            using var content = JsonContent.Create(request, BundleUploadJsonContext.Default.BundleCommitRequest);
            using var answer = await _client.PostAsync(Url(BundleApi.CommitPath), content, cancellationToken).ConfigureAwait(false);
            if (answer.StatusCode == HttpStatusCode.Conflict && retryOnMissing)
            {
                var error = await ServerErrors.ReadAsync(answer, cancellationToken).ConfigureAwait(false);
                if (error.Code == BundleApi.BlobsMissingCode)
                {
                    return null;
                }
                throw new BundleUploadException($"the server refused bundle {request.Manifest.Id}: {error.Code}: {error.Message}");
            }
            await ThrowUnlessOkAsync(answer, $"committing bundle {request.Manifest.Id}", cancellationToken).ConfigureAwait(false);
            return await answer.Content.ReadFromJsonAsync(BundleUploadJsonContext.Default.BundleCommitResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("empty commit answer");
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Refusals (4xx but 408 and 429) end the upload; anything else is transient and thrown as <see cref="HttpRequestException"/> for a retry.</summary>
    private static async Task ThrowUnlessOkAsync(HttpResponseMessage answer, string doing, CancellationToken cancellationToken)
    {
        if (answer.IsSuccessStatusCode)
        {
            return;
        }
        var status = (int)answer.StatusCode;
        var error = await ServerErrors.ReadAsync(answer, cancellationToken).ConfigureAwait(false);
        if (status is >= 400 and < 500 and not 408 and not 429)
        {
            throw new BundleUploadException($"the server refused {doing}: {status} {error.Code}: {error.Message}");
        }
        throw new HttpRequestException($"the server answered {doing} with {status} {error.Code}: {error.Message}", null, answer.StatusCode);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < Attempts && !cancellationToken.IsCancellationRequested
                && e is HttpRequestException or IOException or TaskCanceledException)
            {
                // 0.5 s, 1 s, 2 s, 4 s: a server restart or a dropped connection, not a refusal.
                await Task.Delay(TimeSpan.FromMilliseconds(500 * (1 << (attempt - 1))), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException($"cannot upload to {_server} after {Attempts} attempts: {e.Message}", e);
            }
        }
    }

    private Uri Url(string path) => ServerUrl.Resolve(_server, path);

    public void Dispose() => _client.Dispose();
}
