using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Pki;

namespace Vigil.Server.Tests.Pki;

public sealed class ServerPkiTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-pki-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private ServerPki Open() => ServerPki.LoadOrCreate(_directory, ["localhost", "127.0.0.1", "vigil.example.com"], _time);

    private static string Csr(out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=whatever-the-agent-asks", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
    }

    [Fact]
    public void FirstStartCreatesACaWithAnOwnerOnlyKeyAndTheSecondStartReusesIt()
    {
        string pin;
        using (var pki = Open())
        {
            pin = pki.Issuing.Pin;
            Assert.StartsWith("sha256:", pin, StringComparison.Ordinal);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "ca-1.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "server.key")));
        using var again = Open();
        Assert.Equal(pin, again.Issuing.Pin);
    }

    [Fact]
    public void TheServerCertificateCoversEveryConfiguredName()
    {
        using var pki = Open();
        var names = pki.ServerCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("vigil.example.com", names.EnumerateDnsNames());
        Assert.Contains("127.0.0.1", names.EnumerateIPAddresses().Select(a => a.ToString()));
    }

    [Fact]
    public void AnAgentCertificateNamesTheAgentWhateverTheCsrAskedAndIsAcceptedAsAClient()
    {
        using var pki = Open();
        var issued = pki.SignAgent("agt_0123456789abcdef0123", Csr(out var key));
        using var certificate = X509Certificate2.CreateFromPem(issued.CertificatePem);
        Assert.Equal("agt_0123456789abcdef0123", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(_time.GetUtcNow().AddDays(30), issued.NotAfter, TimeSpan.FromSeconds(1));
        Assert.Equal(_time.GetUtcNow().AddDays(20), issued.RenewAfter, TimeSpan.FromMinutes(5));
        var check = pki.CheckClient(certificate);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal("agt_0123456789abcdef0123", check.AgentId);
        key.Dispose();
    }

    [Fact]
    public void ACertificateFromAnotherCaIsRefusedWithTheReason()
    {
        using var pki = Open();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=agt_ffffffffffffffffffff", key, HashAlgorithmName.SHA256).CreateSelfSigned(_time.GetUtcNow().AddDays(-1), _time.GetUtcNow().AddDays(1));
        var check = pki.CheckClient(stranger);
        Assert.False(check.IsValid);
        Assert.Contains("not issued by this server's CA", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageAndWeakCsrsAreRefusedWithTheReason()
    {
        using var pki = Open();
        Assert.Contains("not a valid", Assert.Throws<CsrRejectedException>(() => pki.SignAgent("agt_1", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")).Message, StringComparison.Ordinal);
        using var weak = RSA.Create(1024);
        var csr = new CertificateRequest("CN=x", weak, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        Assert.Contains("RSA key of 1024 bits is too small", Assert.Throws<CsrRejectedException>(() => pki.SignAgent("agt_1", csr)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARotationTrustsBothGenerationsUntilItFinishes()
    {
        using var pki = Open();
        using var old = X509Certificate2.CreateFromPem(pki.SignAgent("agt_00000000000000000001", Csr(out var k1)).CertificatePem);
        var serverIssuerBefore = pki.ServerCertificate.Issuer;
        pki.Rotate();
        Assert.Equal(2, pki.TrustVersion);
        Assert.Equal(2, pki.Trusted.Count);
        Assert.Equal(serverIssuerBefore, pki.ServerCertificate.Issuer); // agents that have not renewed must still trust it
        using var renewed = X509Certificate2.CreateFromPem(pki.SignAgent("agt_00000000000000000001", Csr(out var k2)).CertificatePem);
        Assert.Contains("generation 2", renewed.Issuer, StringComparison.Ordinal);
        Assert.True(pki.CheckClient(old).IsValid);
        Assert.True(pki.CheckClient(renewed).IsValid);

        pki.FinishRotation();
        Assert.Equal(3, pki.TrustVersion);
        Assert.Contains("generation 2", pki.ServerCertificate.Issuer, StringComparison.Ordinal);
        Assert.False(pki.CheckClient(old).IsValid);
        Assert.True(pki.CheckClient(renewed).IsValid);
        Assert.Throws<InvalidOperationException>(pki.FinishRotation);
        k1.Dispose();
        k2.Dispose();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
