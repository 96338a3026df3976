using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Pipeline;
using Vigil.Agent.Shipping;
using Vigil.Agent.Spool;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Channel;

/// <summary>A state directory with an agent enrolled against a <see cref="TestVigilServer"/>, and shippers made from it.</summary>
public sealed class Enrolled : IDisposable
{
    private readonly TempHostRoot _state = new();

    private Enrolled(TestVigilServer server)
    {
        Server = server;
        Store = IdentityStore.InStateDirectory(_state.Root);
    }

    public TestVigilServer Server { get; }
    public IdentityStore Store { get; }
    public HealthTracker Health { get; private set; } = new(TimeProvider.System);
    public AgentStatus Status { get; } = new();

    public static async Task<Enrolled> WithAsync(TestVigilServer server, TimeProvider? time = null)
    {
        var enrolled = new Enrolled(server);
        using var identity = await EnrollmentClient.EnrollAsync(Request(server, ServerTrust.Pinned(Pin(server.Ca))), time ?? TimeProvider.System, CancellationToken.None);
        enrolled.Store.Save(identity);
        return enrolled;
    }

    public static EnrollmentRequest Request(TestVigilServer server, ServerTrust trust, EnvironmentProxy? proxy = null) => new()
    {
        Server = server.Url,
        Token = server.Token,
        Trust = trust,
        Hostname = "web-01",
        MachineId = "0123456789abcdef0123456789abcdef",
        Proxy = proxy,
        Timeout = TimeSpan.FromSeconds(20),
    };

    public static CaPin Pin(TestCa ca)
    {
        Assert.True(CaPin.TryParse(ca.Pin, out var pin, out var problem), problem);
        return pin;
    }

    public HttpsShipper Shipper(ServerCompression compression = ServerCompression.Zstd, TimeProvider? time = null, EnvironmentProxy? proxy = null, Uri? url = null, TimeSpan? timeout = null)
    {
        Health = new HealthTracker(time ?? TimeProvider.System);
        var options = new ServerOptions { Compression = compression, Timeout = timeout ?? TimeSpan.FromSeconds(20), Url = url };
        return new HttpsShipper(Store, Store.Load()!, options, proxy, Health, Status, time ?? TimeProvider.System, NullLogger.Instance);
    }

    /// <summary>Batches as the runtime spools them: JSON of a <see cref="Batch"/> under its sequence.</summary>
    public static List<SpooledBatch> Batches(params long[] sequences) => sequences.Select(s =>
    {
        var batch = new Batch
        {
            AgentId = "agent-0001",
            Sequence = s,
            CreatedUnixMs = 1_700_000_000_000 + s,
            IntervalMs = 10_000,
            Records = [new HealthRecord { Source = "test", Reason = "filler", Message = $"batch {s} " + new string('x', 2000) }],
        };
        return new SpooledBatch(s, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, ProtocolJsonContext.Default.Batch));
    }).ToList();

    public void Dispose() => _state.Dispose();
}
