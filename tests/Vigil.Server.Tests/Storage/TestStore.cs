using Microsoft.Extensions.Time.Testing;
using Vigil.Protocol;
using Vigil.Server.Storage;
using Vigil.Server.Storage.Sqlite;
using Record = Vigil.Protocol.Record;

namespace Vigil.Server.Tests.Storage;

/// <summary>A real store on a database file in a temporary folder, removed afterwards.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly SqliteStoreOptions? _options;

    private TestStore(string directory, SqliteStoreOptions? options)
    {
        Directory = directory;
        _options = options;
    }

    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "vigil.db");
    public ListLogger Log { get; } = new();
    public FakeTimeProvider Time { get; } = new(Records.T0);
    public SqliteServerStore Store { get; private set; } = null!;

    public static async Task<TestStore> OpenAsync(SqliteStoreOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));
        var test = new TestStore(directory, options);
        test.Store = await SqliteServerStore.OpenAsync(test.DatabasePath, test.Time, test.Log, options, CancellationToken.None);
        return test;
    }

    /// <summary>Closes the store and opens a new one on the same file, as a server restart does.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await SqliteServerStore.OpenAsync(DatabasePath, Time, Log, _options, CancellationToken.None);
    }

    /// <summary>Creates a token and enrolls an agent with it, enrolled at <see cref="Records.T0"/>.</summary>
    public async Task<string> EnrollAsync(string agentId = "agt_00000000000000000001", string hostname = "web-1")
    {
        var tokenId = "tok_" + agentId;
        await Store.Tokens.CreateEnrollmentTokenAsync(Token(tokenId, Records.T0 + TimeSpan.FromHours(1)), CancellationToken.None);
        var outcome = await Store.Agents.EnrollAsync(tokenId, Agent(agentId, hostname), Records.T0, CancellationToken.None);
        Assert.Equal(EnrollOutcome.Enrolled, outcome);
        return agentId;
    }

    public Task<IngestResult> CommitAsync(string agentId, long sequence, params Record[] records) =>
        Store.Ingest.CommitAsync(Records.Batch(agentId, sequence, records), CancellationToken.None).WaitAsync(Bound);

    /// <summary>
    /// Blocks the writer thread until the returned function is called, so everything queued meanwhile is committed as
    /// one group when it resumes.
    /// </summary>
    public async Task<Func<Task>> HoldWriterAsync()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new ManualResetEventSlim();
        var held = Store.Writer.ExecuteAsync(_ =>
        {
            entered.SetResult();
            return release.Wait(Bound);
        }, CancellationToken.None);
        await entered.Task.WaitAsync(Bound);
        return async () =>
        {
            release.Set();
            Assert.True(await held.WaitAsync(Bound));
            release.Dispose();
        };
    }

    public static EnrollmentToken Token(string id, DateTimeOffset expiresAt) => new()
    {
        Id = id,
        SecretHash = [1, 2, 3],
        Labels = new Dictionary<string, string> { ["env"] = "test" },
        CreatedAt = Records.T0 - TimeSpan.FromMinutes(1),
        ExpiresAt = expiresAt,
    };

    public static Agent Agent(string id, string hostname = "web-1") => new()
    {
        Id = id,
        Hostname = hostname,
        Labels = new Dictionary<string, string> { ["env"] = "test" },
        EnrolledAt = Records.T0,
        CertificateSerial = "01",
        CertificateNotAfter = Records.T0 + TimeSpan.FromDays(30),
    };

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
