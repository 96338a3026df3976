using Vigil.Agent.Channel;

namespace Vigil.Agent.Tests.Channel;

public sealed class IdentityStoreTests
{
    private static ClientIdentity Issue(TestCa ca, string agentId, int trustVersion)
    {
        var request = SigningRequest.Create("web-01");
        using var certificate = ca.SignClient(request.CsrPem, agentId, TimeSpan.FromDays(30));
        var enrollment = new Enrollment
        {
            AgentId = agentId,
            ServerUrl = new Uri("https://vigil.example.com/"),
            TrustVersion = trustVersion,
            RenewAfter = TimeProvider.System.GetUtcNow().AddDays(20),
        };
        return ClientIdentity.FromPem(enrollment, certificate.ExportCertificatePem(), request.KeyPem, ca.Pem);
    }

    /// <summary>Leaves <paramref name="next"/>'s files in <paramref name="store"/> as a save that stopped before its renames, with or without the commit marker.</summary>
    private static void InterruptedSave(IdentityStore store, ClientIdentity next, bool committed)
    {
        using var scratch = new TempHostRoot();
        var other = IdentityStore.InStateDirectory(scratch.Root);
        other.Save(next);
        foreach (var file in new[] { IdentityStore.KeyFile, IdentityStore.CertificateFile, IdentityStore.CaFile, IdentityStore.EnrollmentFile })
        {
            File.Copy(other.PathOf(file), store.PathOf(file) + ".tmp");
        }
        if (committed)
        {
            File.WriteAllText(store.PathOf("commit"), "");
        }
    }

    [Fact]
    public void A_save_interrupted_after_its_commit_marker_is_finished_on_the_next_load()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var state = new TempHostRoot();
        var store = IdentityStore.InStateDirectory(state.Root);
        using var first = Issue(ca, "agent-0001", 1);
        using var renewed = Issue(ca, "agent-0001", 2);
        store.Save(first);
        InterruptedSave(store, renewed, committed: true);

        using var loaded = store.Load()!;

        Assert.Equal(renewed.Certificate.SerialNumber, loaded.Certificate.SerialNumber);
        Assert.Equal(2, loaded.Enrollment.TrustVersion);
        Assert.Equal(["agent.crt", "agent.key", "ca.pem", "enrollment.json"], Directory.GetFiles(store.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_save_interrupted_before_its_commit_marker_leaves_the_old_identity()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var state = new TempHostRoot();
        var store = IdentityStore.InStateDirectory(state.Root);
        using var first = Issue(ca, "agent-0001", 1);
        using var renewed = Issue(ca, "agent-0001", 2);
        store.Save(first);
        InterruptedSave(store, renewed, committed: false);

        using var loaded = store.Load()!;

        Assert.Equal(first.Certificate.SerialNumber, loaded.Certificate.SerialNumber);
        Assert.Empty(Directory.GetFiles(store.Directory, "*.tmp"));
    }

    [Fact]
    public void An_agent_that_never_enrolled_has_no_identity_and_a_damaged_one_is_named()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var state = new TempHostRoot();
        var store = IdentityStore.InStateDirectory(state.Root);
        Assert.Null(store.Load());
        Assert.False(store.Exists);

        using var first = Issue(ca, "agent-0001", 1);
        using var other = Issue(ca, "agent-0002", 1);
        store.Save(first);
        File.WriteAllText(store.PathOf(IdentityStore.KeyFile), other.KeyPem);

        var e = Assert.Throws<InvalidDataException>(() => store.Load());
        Assert.Contains("the certificate does not belong to the agent's key", e.Message);
    }
}
