using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Agent.Shipping;
using Vigil.Agent.Tests.Channel;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Shipping;

public sealed class HttpsShipperTests
{
    [Theory]
    [InlineData(ServerCompression.Zstd, "zstd")]
    [InlineData(ServerCompression.Gzip, "gzip")]
    [InlineData(ServerCompression.None, "")]
    public async Task Batches_arrive_in_order_as_the_spooled_json_with_the_client_certificate_and_schema_header(ServerCompression compression, string encoding)
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper(compression);
        var batches = Enrolled.Batches(1, 2, 3);

        Assert.Equal(3, await shipper.ShipAsync(batches, CancellationToken.None));

        var received = server.Batches;
        Assert.Equal([1L, 2, 3], received.Select(b => b.Sequence));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(batches[i].Payload.ToArray(), received[i].Json);
        }
        Assert.All(received, b =>
        {
            Assert.Equal(encoding, b.ContentEncoding);
            Assert.Equal("application/json", b.ContentType);
            Assert.Equal(SchemaVersions.Current.ToString(System.Globalization.CultureInfo.InvariantCulture), b.SchemaVersionHeader);
            Assert.Equal(shipper.Identity.Certificate.SerialNumber, b.ClientSerial);
            Assert.Equal("CN=agent-0001", b.ClientSubject);
        });
    }

    [Fact]
    public void A_batch_spooled_by_an_older_agent_is_sent_under_its_own_schema_version()
    {
        Assert.Equal(1, HttpsShipper.SchemaVersionOf("""{"v":1,"agent":"a","seq":4,"records":[]}"""u8));
        Assert.Equal(2, HttpsShipper.SchemaVersionOf("""{"agent":"a","nested":{"v":9},"v":2}"""u8));
        Assert.Equal(SchemaVersions.Current, HttpsShipper.SchemaVersionOf("""{"agent":"a"}"""u8));
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_batches_are_acknowledged_and_out_of_order_is_counted()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.BatchAnswer = b => b.Sequence switch
        {
            1 => (409, new ApiError { Code = "duplicate", Message = "batch 1 is already stored" }),
            2 => (409, new ApiError { Code = "out_of_order", Message = "the server holds batches through 7", LastSequence = 7 }),
            _ => null,
        };
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper();

        Assert.Equal(3, await shipper.ShipAsync(Enrolled.Batches(1, 2, 3), CancellationToken.None));

        Assert.Equal(1, agent.Status.BatchesRejected);
        Assert.DoesNotContain(agent.Health.Drain(), h => h.Status != HealthStatus.Ok);
    }

    [Fact]
    public async Task A_batch_the_server_can_never_accept_is_dropped_counted_and_reported_with_its_reason()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.BatchAnswer = b => b.Sequence == 2 ? (413, new ApiError { Code = "payload_too_large", Message = "a batch may be at most 8 MiB" }) : null;
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper();

        Assert.Equal(3, await shipper.ShipAsync(Enrolled.Batches(1, 2, 3), CancellationToken.None));

        Assert.Equal([1L, 2, 3], server.Batches.Select(b => b.Sequence));
        Assert.Equal(1, agent.Status.BatchesRejected);
        var health = agent.Health.Drain();
        var rejected = Assert.Single(health, h => h.Status == HealthStatus.Degraded);
        Assert.Equal("shipper", rejected.Source);
        Assert.Equal("payload_too_large", rejected.Reason);
        Assert.Contains("batch 2", rejected.Message);
        Assert.Contains("a batch may be at most 8 MiB", rejected.Message);
        Assert.Contains(health, h => h.Status == HealthStatus.Ok && h.Message.Contains("accepts batches again", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_server_that_is_failing_or_busy_makes_the_shipper_throw_and_acknowledge_nothing(int status)
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.BatchAnswer = _ => (status, new ApiError { Code = "unavailable", Message = "the store is restarting" });
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper();

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () => await shipper.ShipAsync(Enrolled.Batches(1, 2), CancellationToken.None));

        Assert.Contains("the store is restarting", e.Message);
        Assert.Single(server.Batches); // stopped at the first: order is kept
        Assert.Equal(0, agent.Status.BatchesRejected);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_or_at_all_makes_the_shipper_throw_saying_so()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var agent = await Enrolled.WithAsync(server);
        server.CommitDelay = TimeSpan.FromSeconds(30);
        using (var slow = agent.Shipper(timeout: TimeSpan.FromSeconds(1)))
        {
            var e = await Assert.ThrowsAsync<HttpRequestException>(async () => await slow.ShipAsync(Enrolled.Batches(1), CancellationToken.None));
            Assert.Equal($"no answer from {server.Url} within 1s", e.Message);
        }

        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        using var unreachable = agent.Shipper(url: new Uri($"https://127.0.0.1:{port}/"));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () => await unreachable.ShipAsync(Enrolled.Batches(1), CancellationToken.None));
        Assert.StartsWith($"cannot reach https://127.0.0.1:{port}/: Connection refused", refused.Message);
    }

    [Fact]
    public async Task A_failure_after_some_batches_acknowledges_those_and_throws_on_the_next_round()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.BatchAnswer = b => b.Sequence == 3 ? (503, new ApiError { Code = "unavailable", Message = "the store is restarting" }) : null;
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper();

        Assert.Equal(2, await shipper.ShipAsync(Enrolled.Batches(1, 2, 3, 4), CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(async () => await shipper.ShipAsync(Enrolled.Batches(3, 4), CancellationToken.None));

        Assert.Equal([1L, 2, 3], server.Batches.Select(b => b.Sequence));
    }

    [Fact]
    public async Task A_revoked_agent_stops_shipping_and_drops_nothing()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper();
        Assert.Equal(1, await shipper.ShipAsync(Enrolled.Batches(1), CancellationToken.None));
        server.Revoked["agent-0001"] = true;

        Assert.Null(await shipper.ShipAsync(Enrolled.Batches(2, 3), CancellationToken.None));
        var stopped = await Assert.ThrowsAsync<DeliveryStoppedException>(async () => await shipper.ShipAsync(Enrolled.Batches(2, 3), CancellationToken.None));

        Assert.Contains("403 agent_revoked", stopped.Message);
        Assert.Equal([1L], server.Batches.Select(b => b.Sequence)); // batch 2 was refused before ingest, 3 never sent
        Assert.Equal(0, agent.Status.BatchesRejected);
        var failed = Assert.Single(agent.Health.Drain(), h => h.Status == HealthStatus.Failed);
        Assert.Equal("agent_revoked", failed.Reason);
        Assert.Contains("batches are kept in the spool", failed.Message);
    }

    [Fact]
    public async Task A_server_with_a_certificate_from_another_ca_is_refused()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var impostorCa = new TestCa("Impostor CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        await using var impostor = await TestVigilServer.StartAsync(impostorCa);
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper(url: impostor.Url);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () => await shipper.ShipAsync(Enrolled.Batches(1), CancellationToken.None));

        Assert.Contains("does not chain to the agent's CA bundle", e.Message);
        Assert.Empty(impostor.Batches);
    }

    [Fact]
    public async Task The_certificate_is_renewed_once_renew_after_passes_and_the_next_batch_presents_the_new_one()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.RenewAfter = () => time.GetUtcNow().AddHours(1);
        using var agent = await Enrolled.WithAsync(server, time);
        using var shipper = agent.Shipper(time: time);
        var firstSerial = shipper.Identity.Certificate.SerialNumber;

        Assert.Equal(1, await shipper.ShipAsync(Enrolled.Batches(1), CancellationToken.None));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, await shipper.ShipAsync(Enrolled.Batches(2), CancellationToken.None));

        Assert.Equal([firstSerial], server.Renewals);
        var secondSerial = shipper.Identity.Certificate.SerialNumber;
        Assert.NotEqual(firstSerial, secondSerial);
        Assert.Equal([firstSerial, secondSerial], server.Batches.Select(b => b.ClientSerial));
        using var onDisk = agent.Store.Load()!;
        Assert.Equal(secondSerial, onDisk.Certificate.SerialNumber);
        Assert.Equal(time.GetUtcNow().AddHours(1), onDisk.Enrollment.RenewAfter, TimeSpan.FromSeconds(1));
        Assert.Equal("agent-0001", onDisk.Enrollment.AgentId);
    }

    [Fact]
    public async Task A_new_trust_version_makes_the_agent_renew_and_pin_the_new_bundle()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var next = new TestCa("Vigil Test CA 2");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper();
        var firstSerial = shipper.Identity.Certificate.SerialNumber;
        Assert.Equal(1, await shipper.ShipAsync(Enrolled.Batches(1), CancellationToken.None));

        // A CA rotation begins: the server announces trust version 2 and hands out both CAs.
        server.TrustVersion = 2;
        server.CaBundlePem = ca.Pem + next.Pem;
        Assert.Equal(3, await shipper.ShipAsync(Enrolled.Batches(2, 3), CancellationToken.None));

        Assert.Equal([firstSerial], server.Renewals); // once, after batch 2 answered with version 2
        Assert.Equal(2, shipper.Identity.Enrollment.TrustVersion);
        Assert.Equal(4, shipper.Identity.CaBundle.Count);
        Assert.Equal(firstSerial, server.Batches[1].ClientSerial);
        Assert.NotEqual(firstSerial, server.Batches[2].ClientSerial);
        Assert.Equal([1L, 2, 3], server.Batches.Select(b => b.Sequence));
        using var onDisk = agent.Store.Load()!;
        Assert.Equal(2, onDisk.Enrollment.TrustVersion);
        Assert.Contains(onDisk.CaBundle.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>(), c => c.Thumbprint == next.Certificate.Thumbprint);
    }

    [Fact]
    public async Task A_failed_renewal_is_reported_and_shipping_goes_on_with_the_current_certificate()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.RenewAfter = () => time.GetUtcNow().AddHours(1);
        using var agent = await Enrolled.WithAsync(server, time);
        using var shipper = agent.Shipper(time: time);
        server.AgentId = "agent-9999"; // the server answers a renewal for someone else: not to be taken
        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(2, await shipper.ShipAsync(Enrolled.Batches(1, 2), CancellationToken.None));

        Assert.Single(server.Renewals); // retried later, not before every batch
        var failed = Assert.Single(agent.Health.Drain(), h => h.Reason == "renewal_failed");
        Assert.Contains("agent-9999", failed.Message);
        Assert.Equal("agent-0001", shipper.Identity.Enrollment.AgentId);
    }
}
