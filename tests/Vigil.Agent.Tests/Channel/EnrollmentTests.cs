using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Vigil.Agent.Channel;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Channel;

public sealed class EnrollmentTests
{
    [Fact]
    public async Task Enrolling_writes_the_identity_with_an_owner_only_key_and_the_pinned_ca()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var state = new TempHostRoot();
        var store = IdentityStore.InStateDirectory(state.Root);

        using (var identity = await EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(ca))), TimeProvider.System, CancellationToken.None))
        {
            store.Save(identity);
        }

        Assert.Equal(["web-01"], server.Enrollments);
        var key = Path.Combine(state.Root, "identity", "agent.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(key)); // PKCS#8
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
        Assert.Empty(Directory.GetFiles(store.Directory, "*.tmp"));
        using (var bundle = new CertificateBundle(File.ReadAllText(Path.Combine(store.Directory, "ca.pem"))))
        {
            Assert.Equal([ca.Certificate.Thumbprint, ca.Root.Thumbprint], bundle.Certificates.Select(c => c.Thumbprint));
        }
        using var enrollment = JsonDocument.Parse(File.ReadAllText(Path.Combine(store.Directory, "enrollment.json")));
        Assert.Equal("agent-0001", enrollment.RootElement.GetProperty("agent_id").GetString());
        Assert.Equal(server.Url.ToString(), enrollment.RootElement.GetProperty("server_url").GetString());
        Assert.Equal(1, enrollment.RootElement.GetProperty("trust_version").GetInt32());
        Assert.True(enrollment.RootElement.GetProperty("renew_after").GetDateTimeOffset() > TimeProvider.System.GetUtcNow().AddDays(19));

        using var loaded = store.Load()!;
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal("CN=agent-0001", loaded.Certificate.Subject);
        Assert.True(ca.Issued(loaded.Certificate));
        Assert.Equal("test", loaded.Enrollment.Labels!["env"]);
    }

    [Fact]
    public async Task A_server_whose_chain_does_not_end_in_the_pinned_ca_is_refused_before_the_token_is_sent()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var other = new TestCa("Someone Else's CA");
        await using var server = await TestVigilServer.StartAsync(ca);

        var e = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(other))), TimeProvider.System, CancellationToken.None));

        Assert.Contains($"the server's certificate does not chain to the pinned CA {other.Pin}", e.Message);
        Assert.Empty(server.Enrollments);
    }

    [Fact]
    public async Task A_root_the_server_does_not_send_can_be_pinned_through_its_published_bundle()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        Assert.True(CaPin.TryParse(ca.RootPin, out var rootPin, out _));

        using var identity = await EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(rootPin)), TimeProvider.System, CancellationToken.None);

        Assert.Equal("agent-0001", identity.Enrollment.AgentId);
    }

    [Fact]
    public async Task Without_a_published_bundle_the_pin_must_match_a_ca_in_the_servers_tls_chain()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.PublishesCaBundle = false;

        // The issuing CA travels in the handshake, so its pin can be checked there; the root never does.
        using var identity = await EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(ca))), TimeProvider.System, CancellationToken.None);
        Assert.True(CaPin.TryParse(ca.RootPin, out var rootPin, out _));
        var e = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(rootPin)), TimeProvider.System, CancellationToken.None));

        Assert.Equal("agent-0001", identity.Enrollment.AgentId);
        Assert.Contains($"the server's certificate does not chain to the pinned CA {ca.RootPin}: the server sent no certificate with that fingerprint", e.Message);
        Assert.Single(server.Enrollments);
    }

    [Fact]
    public async Task A_server_that_publishes_the_pinned_ca_but_presents_another_chain_is_refused()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var impostorCa = new TestCa("Impostor CA");
        // A man in the middle can copy the real server's public bundle, but not present a certificate the pinned CA issued.
        await using var impostor = await TestVigilServer.StartAsync(impostorCa);
        impostor.CaBundlePem = ca.Pem;

        var e = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(impostor, ServerTrust.Pinned(Enrolled.Pin(ca))), TimeProvider.System, CancellationToken.None));

        Assert.Contains($"the server's certificate does not chain to the pinned CA {ca.Pin}", e.Message);
        Assert.Empty(impostor.Enrollments);
    }

    [Fact]
    public async Task A_ca_file_is_trusted_and_nothing_else()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var other = new TestCa("Someone Else's CA");
        await using var server = await TestVigilServer.StartAsync(ca);

        var refused = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Roots([other.Certificate])), TimeProvider.System, CancellationToken.None));
        Assert.Contains("does not chain to the agent's CA bundle", refused.Message);
        Assert.Empty(server.Enrollments);

        // A root the server never sends, or the issuing CA alone: either anchors the chain.
        using var viaRoot = await EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Roots([ca.Root])), TimeProvider.System, CancellationToken.None);
        using var viaIssuer = await EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Roots([ca.Certificate])), TimeProvider.System, CancellationToken.None);
        Assert.Equal("agent-0001", viaRoot.Enrollment.AgentId);
        Assert.Equal(2, server.Enrollments.Count);
    }

    [Fact]
    public async Task A_server_certificate_for_another_name_is_refused()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca, names: ["vigil.example.com"]);

        var e = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(ca))), TimeProvider.System, CancellationToken.None));

        Assert.Contains("is not issued for the host name in the server URL", e.Message);
    }

    [Theory]
    [InlineData(400, "invalid_csr", "the CSR's signature does not verify", "refused the enrollment request")]
    [InlineData(401, "invalid_token", "the enrollment token is unknown, used or expired", "refused the enrollment token")]
    [InlineData(403, "token_host_mismatch", "this token is for hosts matching db-*", "does not allow this enrollment")]
    [InlineData(409, "already_enrolled", "machine 0123 is already enrolled as agent-0007", "refused the enrollment as a conflict")]
    public async Task The_servers_reason_is_shown_when_it_refuses(int status, string code, string message, string what)
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.EnrollRefusal = (status, new ApiError { Code = code, Message = message });

        var e = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(ca))), TimeProvider.System, CancellationToken.None));

        Assert.Equal($"the server {what} ({status} {code}): {message}", e.Message);
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public async Task A_published_bundle_without_the_pinned_ca_is_refused_before_the_token_is_sent()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var other = new TestCa("Someone Else's CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        server.CaBundlePem = other.Pem;

        var e = await Assert.ThrowsAsync<EnrollmentException>(() =>
            EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(ca))), TimeProvider.System, CancellationToken.None));

        Assert.Contains($"the server's certificate does not chain to the pinned CA {ca.Pin}: the CA bundle the server publishes does not contain it", e.Message);
        Assert.Empty(server.Enrollments);
    }

    private sealed class CertificateBundle : IDisposable
    {
        public CertificateBundle(string pem) => Certificates.ImportFromPem(pem);

        public X509Certificate2Collection Certificates { get; } = [];

        public void Dispose()
        {
            foreach (var c in Certificates)
            {
                c.Dispose();
            }
        }
    }
}
