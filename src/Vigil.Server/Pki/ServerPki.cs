using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Vigil.Server.Pki;

/// <summary>
/// The server's certificate authority, kept as files in one folder (back it up with the data folder):
/// <c>ca-N.crt</c>/<c>ca-N.key</c> per CA generation, <c>server.crt</c>/<c>server.key</c>, <c>trust.json</c>.
/// Agents pin the trust bundle (every trusted generation). A rotation adds a generation that signs new agent
/// certificates while the server keeps presenting a certificate from the old one; agents see the bundle version
/// change, renew, and so learn the new CA; finishing the rotation moves the server's certificate to the new CA and
/// drops the old one. No agent is re-enrolled.
/// </summary>
public sealed class ServerPki : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private readonly string _directory;
    private readonly IReadOnlyList<string> _serverNames;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ClientCertificateCheck> _checked = new(StringComparer.Ordinal);
    private List<CertificateAuthority> _trusted = [];
    private TrustState _state = new();
    private X509Certificate2? _serverCertificate;

    private ServerPki(string directory, IReadOnlyList<string> serverNames, TimeProvider time)
    {
        _directory = directory;
        _serverNames = serverNames;
        _time = time;
    }

    /// <summary>How long an agent certificate is valid; agents renew after two thirds of it.</summary>
    public TimeSpan AgentCertificateLifetime { get; init; } = TimeSpan.FromDays(30);

    public int TrustVersion => _state.Version;
    public CertificateAuthority Issuing => _trusted[^1];
    public IReadOnlyList<CertificateAuthority> Trusted => _trusted;
    public string TrustBundlePem => string.Join('\n', _trusted.Select(ca => ca.Certificate.ExportCertificatePem())) + "\n";
    public X509Certificate2 ServerCertificate => _serverCertificate ?? throw new InvalidOperationException("PKI not loaded");
    /// <summary>The server certificate with its issuing CA attached, as TLS sends it.</summary>
    public SslStreamCertificateContext ServerCertificateContext { get; private set; } = null!;
    public string CaBundlePath => Path.Combine(_directory, "ca.pem");

    /// <summary>Loads the CA from <paramref name="directory"/>, creating generation 1 on first start, and makes sure the server's certificate covers <paramref name="serverNames"/>.</summary>
    public static ServerPki LoadOrCreate(string directory, IReadOnlyList<string> serverNames, TimeProvider time, TimeSpan? agentCertificateLifetime = null)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pki = new ServerPki(directory, serverNames, time) { AgentCertificateLifetime = agentCertificateLifetime ?? TimeSpan.FromDays(30) };
        pki.Load();
        return pki;
    }

    private string StatePath => Path.Combine(_directory, "trust.json");

    private void Load()
    {
        var now = _time.GetUtcNow();
        if (File.Exists(StatePath))
        {
            _state = JsonSerializer.Deserialize(File.ReadAllText(StatePath), TrustStateJsonContext.Default.TrustState)
                ?? throw new InvalidDataException($"{StatePath}: empty");
        }
        foreach (var generation in _state.Generations)
        {
            _trusted.Add(LoadOrCreateAuthority(generation, now));
        }
        SaveState();
        EnsureServerCertificate(now, force: false);
    }

    private CertificateAuthority LoadOrCreateAuthority(int generation, DateTimeOffset now)
    {
        var certificatePath = Path.Combine(_directory, $"ca-{generation}.crt");
        var keyPath = Path.Combine(_directory, $"ca-{generation}.key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            return new CertificateAuthority(generation, certificate, key);
        }
        var authority = CertificateAuthority.Create(generation, "Vigil CA", now);
        PemFiles.WritePrivateKey(keyPath, authority.Key);
        PemFiles.WriteCertificate(certificatePath, authority.Certificate);
        return authority;
    }

    private void SaveState()
    {
        PemFiles.WriteAtomic(StatePath, JsonSerializer.Serialize(_state, TrustStateJsonContext.Default.TrustState), secret: false);
        PemFiles.WriteAtomic(CaBundlePath, TrustBundlePem, secret: false);
    }

    private void EnsureServerCertificate(DateTimeOffset now, bool force)
    {
        var certificatePath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        var issuer = _trusted.First(ca => ca.Generation == _state.ServerIssuer);
        if (!force && File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = PemFiles.LoadWithKey(certificatePath, keyPath);
            var fresh = existing.NotAfter.ToUniversalTime() - now.UtcDateTime > TimeSpan.FromDays(30);
            var sameIssuer = existing.Issuer == issuer.Certificate.Subject;
            if (fresh && sameIssuer && CoversNames(existing))
            {
                _serverCertificate = existing;
                ServerCertificateContext = SslStreamCertificateContext.Create(existing, [issuer.Certificate], offline: true);
                return;
            }
            existing.Dispose();
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in _serverNames)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }
        var request = new CertificateRequest("CN=vigil-server", key, HashAlgorithmName.SHA256);
        using var issued = issuer.Issue(
            new X500DistinguishedName("CN=vigil-server, O=Vigil"),
            request.PublicKey,
            now.AddMinutes(-5),
            now.AddDays(397),
            [
                names.Build(),
                new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false),
                new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
            ]);
        PemFiles.WritePrivateKey(keyPath, key);
        PemFiles.WriteCertificate(certificatePath, issued);
        _serverCertificate = PemFiles.LoadWithKey(certificatePath, keyPath);
        ServerCertificateContext = SslStreamCertificateContext.Create(_serverCertificate, [issuer.Certificate], offline: true);
    }

    private bool CoversNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }
        var present = extension.EnumerateDnsNames().Concat(extension.EnumerateIPAddresses().Select(a => a.ToString())).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return _serverNames.All(name => present.Contains(IPAddress.TryParse(name, out var a) ? a.ToString() : name));
    }

    /// <summary>Signs an agent's CSR: subject CN is the agent id whatever the CSR asked for; client authentication only.</summary>
    public IssuedCertificate SignAgent(string agentId, string csrPem)
    {
        CertificateRequest request;
        try
        {
            request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CsrRejectedException($"csr: not a valid, self-signed PKCS#10 request ({e.Message})");
        }
        RequireStrongKey(request.PublicKey);
        var now = _time.GetUtcNow();
        var notAfter = now + AgentCertificateLifetime;
        lock (_gate)
        {
            using var issued = Issuing.Issue(
                new X500DistinguishedName($"CN={agentId}, O=Vigil agents"),
                request.PublicKey,
                now.AddMinutes(-5),
                notAfter,
                [
                    new X509EnhancedKeyUsageExtension([ClientAuthentication], critical: false),
                    new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
                ]);
            var effectiveNotAfter = new DateTimeOffset(issued.NotAfter.ToUniversalTime());
            var renewAfter = now + ((effectiveNotAfter - now) * 2 / 3);
            return new IssuedCertificate(issued.ExportCertificatePem() + "\n", issued.SerialNumber, effectiveNotAfter, renewAfter);
        }
    }

    private static void RequireStrongKey(PublicKey publicKey)
    {
        using var ec = publicKey.GetECDsaPublicKey();
        if (ec is not null)
        {
            if (ec.KeySize < 256)
            {
                throw new CsrRejectedException($"csr: ECDSA key of {ec.KeySize} bits is too small (256 or more)");
            }
            return;
        }
        using var rsa = publicKey.GetRSAPublicKey();
        if (rsa is null)
        {
            throw new CsrRejectedException("csr: key type not supported (use ECDSA P-256 or RSA 2048+)");
        }
        if (rsa.KeySize < 2048)
        {
            throw new CsrRejectedException($"csr: RSA key of {rsa.KeySize} bits is too small (2048 or more)");
        }
    }

    /// <summary>Checks a client certificate against every trusted CA generation (results cached by thumbprint).</summary>
    public ClientCertificateCheck CheckClient(X509Certificate2 certificate)
    {
        return _checked.GetOrAdd(certificate.Thumbprint, _ => Check(certificate));
    }

    private ClientCertificateCheck Check(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        foreach (var ca in _trusted)
        {
            chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        }
        if (!chain.Build(certificate))
        {
            var reasons = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return new ClientCertificateCheck(null, $"client certificate not issued by this server's CA ({reasons})");
        }
        var agentId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(agentId) || !agentId.StartsWith("agt_", StringComparison.Ordinal))
        {
            return new ClientCertificateCheck(null, "client certificate is not an agent certificate");
        }
        return new ClientCertificateCheck(agentId, null);
    }

    /// <summary>Starts a CA rotation: a new generation signs agent certificates from now on; both are trusted.</summary>
    public CertificateAuthority Rotate()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var generation = _state.Generations.Max() + 1;
            _trusted.Add(LoadOrCreateAuthority(generation, now));
            _state = _state with { Version = _state.Version + 1, Generations = [.. _state.Generations, generation] };
            SaveState();
            _checked.Clear();
            return Issuing;
        }
    }

    /// <summary>Finishes a rotation: the server's certificate moves to the newest CA and older generations are no longer trusted.</summary>
    public void FinishRotation()
    {
        lock (_gate)
        {
            var newest = Issuing;
            if (_trusted.Count == 1)
            {
                throw new InvalidOperationException("no CA rotation in progress");
            }
            foreach (var old in _trusted.Where(ca => ca != newest))
            {
                old.Dispose();
            }
            _trusted = [newest];
            _state = _state with { Version = _state.Version + 1, Generations = [newest.Generation], ServerIssuer = newest.Generation };
            SaveState();
            EnsureServerCertificate(_time.GetUtcNow(), force: true);
            _checked.Clear();
        }
    }

    public void Dispose()
    {
        foreach (var ca in _trusted)
        {
            ca.Dispose();
        }
        _serverCertificate?.Dispose();
    }
}
