using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Agent.Collectors.Certificates;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;
using static Vigil.Agent.Tests.Collectors.CertificateFactory;

namespace Vigil.Agent.Tests.Collectors;

public sealed class CertificatesCollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero); // the harness clock

    private static CollectorHarness Harness(TempHostRoot root, CertificatesOptions options) =>
        new(new CertificatesCollector(options), root.Root);

    private static IReadOnlyList<InventoryItem> Inventory(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "certificates").Items;

    [Fact]
    public void An_openssl_made_certificate_is_reported_with_its_facts()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("certificates/openssl-rsa3072.pem", "etc/nginx/ssl/site.pem");
        var result = Harness(root, new() { Paths = ["/etc/nginx/ssl/site.pem"] }).Run();

        var item = Assert.Single(Inventory(result));
        Assert.Equal("/etc/nginx/ssl/site.pem#8d06a5c1eaba2b65a9c75b9448342ebffbe148e0f99a5f5305700081a4833d53", item.Key);
        var a = item.Attributes;
        Assert.Equal("/etc/nginx/ssl/site.pem", a["source"]);
        Assert.Equal("CN=fixture.vigil.test, O=Vigil Fixtures, C=NL", a["subject"]);
        Assert.Equal(a["subject"], a["issuer"]);
        Assert.Equal("5A17", a["serial"]);
        Assert.Equal("2026-11-25T01:48:57Z", a["not_before"]);
        Assert.Equal("2036-11-22T01:48:57Z", a["not_after"]);
        Assert.Equal("RSA", a["key_type"]);
        Assert.Equal("3072", a["key_bits"]);
        Assert.Equal("sha384RSA", a["signature_algorithm"]);
        Assert.Equal("fixture.vigil.test,www.fixture.vigil.test,192.0.2.10", a["sans"]);
        Assert.Equal("true", a["self_signed"]);
        Assert.Equal("true", a["is_ca"]);
        Assert.Equal("0", a["chain_position"]);
        Assert.False(a.ContainsKey("validation"));

        var expectedDays = (new DateTimeOffset(2036, 11, 22, 1, 48, 57, TimeSpan.Zero) - Now).TotalDays;
        Assert.Equal(Math.Floor(expectedDays).ToString(System.Globalization.CultureInfo.InvariantCulture), a["days_to_expiry"]);
        var metric = Single(result, "vigil.certificate.days_to_expiry",
            ("certificate.source", "/etc/nginx/ssl/site.pem"), ("certificate.subject", "fixture.vigil.test"), ("certificate.serial", "5A17"));
        Assert.Equal(expectedDays, metric.Value, 9);
        Assert.Equal("{day}", metric.Unit);
        Assert.Equal(1, Single(result, "vigil.certificate.count").Value);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void A_pem_bundle_yields_every_certificate_leaf_first_with_ca_and_key_facts()
    {
        using var root = new TempHostRoot();
        using var ca = SelfSignedEcdsa("CN=Vigil Test CA, O=Vigil", Now.AddDays(-10), Now.AddDays(3650), serial: 0x0C, ca: true);
        using var leaf = IssuedRsa(ca, "CN=app.vigil.test", Now.AddDays(-1), Now.AddDays(30.25), serial: 0x42, dnsNames: ["app.vigil.test", "api.vigil.test"]);
        root.Write("etc/letsencrypt/live/app/fullchain.pem", Pem(leaf, ca));
        var result = Harness(root, new() { Paths = ["/etc/letsencrypt/live/app/fullchain.pem"] }).Run();

        var items = Inventory(result);
        Assert.Equal(2, items.Count);
        var leafAttrs = items.Single(i => i.Key.EndsWith(Fingerprint(leaf), StringComparison.Ordinal)).Attributes;
        var caAttrs = items.Single(i => i.Key.EndsWith(Fingerprint(ca), StringComparison.Ordinal)).Attributes;
        Assert.Equal(("0", "false", "false", "RSA", "2048"), (leafAttrs["chain_position"], leafAttrs["is_ca"], leafAttrs["self_signed"], leafAttrs["key_type"], leafAttrs["key_bits"]));
        Assert.Equal(("1", "true", "true", "ECDSA", "256"), (caAttrs["chain_position"], caAttrs["is_ca"], caAttrs["self_signed"], caAttrs["key_type"], caAttrs["key_bits"]));
        Assert.Equal("CN=Vigil Test CA, O=Vigil", leafAttrs["issuer"]);
        Assert.Equal("app.vigil.test,api.vigil.test", leafAttrs["sans"]);
        Assert.Equal("sha256ECDSA", leafAttrs["signature_algorithm"]); // signed by the ECDSA CA
        Assert.Equal("30", leafAttrs["days_to_expiry"]);
        Assert.Equal(30.25, Single(result, "vigil.certificate.days_to_expiry", ("certificate.source", "/etc/letsencrypt/live/app/fullchain.pem"),
            ("certificate.subject", "app.vigil.test"), ("certificate.serial", "42")).Value, 6);
        Assert.Equal(2, Single(result, "vigil.certificate.count").Value);
    }

    [Fact]
    public void An_expired_certificate_has_negative_days_to_expiry_that_follow_the_clock()
    {
        using var root = new TempHostRoot();
        using var expired = SelfSignedRsa("CN=old.vigil.test", Now.AddDays(-400), Now.AddDays(-2.5), serial: 7);
        root.Write("etc/ssl/old.crt", Pem(expired));
        var harness = Harness(root, new() { Paths = ["/etc/ssl/old.crt"] });

        Assert.Equal(-2.5, Single(harness.Run(), "vigil.certificate.days_to_expiry", ("certificate.source", "/etc/ssl/old.crt"),
            ("certificate.subject", "old.vigil.test"), ("certificate.serial", "07")).Value, 6);
        var later = harness.RunAfter(TimeSpan.FromHours(12));
        Assert.Equal(-3.0, Metrics(later).Single(m => m.Name == "vigil.certificate.days_to_expiry").Value, 6);
        Assert.Equal("-3", Inventory(later).Single().Attributes["days_to_expiry"]);
    }

    [Fact]
    public void A_directory_is_scanned_for_pem_der_and_extensionless_pem_files_but_not_keys_or_subdirectories()
    {
        using var root = new TempHostRoot();
        using var pem = SelfSignedRsa("CN=pem", Now.AddDays(-1), Now.AddDays(10), serial: 1);
        using var der = SelfSignedEcdsa("CN=der", Now.AddDays(-1), Now.AddDays(20), serial: 2);
        using var bare = SelfSignedRsa("CN=bare", Now.AddDays(-1), Now.AddDays(30), serial: 3);
        using var nested = SelfSignedRsa("CN=nested", Now.AddDays(-1), Now.AddDays(40), serial: 4);
        using var key = RSA.Create(2048);
        root.Write("etc/tls/a.pem", Pem(pem));
        Directory.CreateDirectory(Path.Combine(root.Root, "etc/tls"));
        File.WriteAllBytes(Path.Combine(root.Root, "etc/tls/b.der"), der.RawData);
        root.Write("etc/tls/bundle", "issued for the intranet\n" + Pem(bare));
        root.Write("etc/tls/notes", "just text, no certificate\n");
        root.Write("etc/tls/a.key", key.ExportPkcs8PrivateKeyPem());
        root.Write("etc/tls/request.csr", Pem(nested)); // an unknown extension is not read even if it holds a certificate
        root.Write("etc/tls/old/nested.pem", Pem(nested));

        var flat = Harness(root, new() { Paths = ["/etc/tls"] }).Run();
        Assert.Equal(["/etc/tls/a.pem", "/etc/tls/b.der", "/etc/tls/bundle"], Inventory(flat).Select(i => i.Attributes["source"]).ToArray());
        Assert.Equal("ECDSA", Inventory(flat).Single(i => i.Attributes["source"] == "/etc/tls/b.der").Attributes["key_type"]);
        Assert.Empty(flat.Unavailable);

        var deep = Harness(root, new() { Paths = ["/etc/tls/"], Recursive = true }).Run();
        Assert.Equal(4, Single(deep, "vigil.certificate.count").Value);
        Assert.Contains(Inventory(deep), i => i.Attributes["source"] == "/etc/tls/old/nested.pem");
    }

    [Fact]
    public void A_key_only_pem_is_ignored_and_a_key_next_to_a_certificate_never_leaves_the_host()
    {
        using var root = new TempHostRoot();
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = SelfSignedRsa("CN=combined", Now.AddDays(-1), Now.AddDays(90), serial: 9);
        var keyPem = rsa.ExportRSAPrivateKeyPem();
        root.Write("etc/ssl/private/only-key.pem", keyPem);
        root.Write("etc/ssl/private/ec.pem", ec.ExportECPrivateKeyPem());
        root.Write("etc/ssl/private/combined.pem", keyPem + "\n" + Pem(cert));

        var result = Harness(root, new() { Paths = ["/etc/ssl/private"] }).Run();

        var item = Assert.Single(Inventory(result));
        Assert.Equal("/etc/ssl/private/combined.pem", item.Attributes["source"]);
        Assert.Empty(result.Unavailable);
        var keyBody = keyPem.Split('\n')[1];
        Assert.DoesNotContain(result.Records.SelectMany(AllStrings), s => s.Contains(keyBody, StringComparison.Ordinal) || s.Contains("PRIVATE", StringComparison.Ordinal));
    }

    [Fact]
    public void The_parser_recognises_a_key_only_file_without_decoding_it()
    {
        using var rsa = RSA.Create(2048);
        var found = new List<X509Certificate2>();
        var bytes = System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem());
        Assert.Equal(CertificateFileKind.KeyOnly, CertificateFileParser.Parse(bytes, tryDer: true, found));
        Assert.Equal(CertificateFileKind.Other, CertificateFileParser.Parse("not a certificate"u8, tryDer: true, found));
        Assert.Empty(found);
    }

    [Fact]
    public void A_missing_or_non_certificate_configured_file_is_unavailable_and_the_others_still_report()
    {
        using var root = new TempHostRoot();
        using var good = SelfSignedRsa("CN=good", Now.AddDays(-1), Now.AddDays(5), serial: 5);
        root.Write("etc/ssl/good.pem", Pem(good));
        root.Write("etc/ssl/garbage.crt", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        var result = Harness(root, new() { Paths = ["/etc/ssl/missing.pem", "/etc/ssl/garbage.crt", "/etc/ssl/good.pem"] }).Run();

        Assert.Equal(1, Single(result, "vigil.certificate.count").Value);
        Assert.Contains(result.Unavailable, u => u.Source == "/etc/ssl/missing.pem" && u.Reason == "not found");
        Assert.Contains(result.Unavailable, u => u.Source == "/etc/ssl/garbage.crt" && u.Reason == "no certificate in this file");
    }

    [Fact]
    public async Task An_endpoint_reports_its_presented_chain_leaf_first_with_the_validation_verdict()
    {
        using var root = new TempHostRoot();
        using var rootCa = SelfSignedRsa("CN=Vigil Test Root", Now.AddYears(-1), Now.AddYears(10), serial: 1, ca: true);
        using var intermediate = IssuedRsa(rootCa, "CN=Vigil Test Intermediate", Now.AddYears(-1), Now.AddYears(5), serial: 2, ca: true);
        using var leaf = IssuedRsa(intermediate, "CN=example.internal", Now.AddDays(-1), Now.AddDays(12.5), serial: 3, dnsNames: ["example.internal"]);
        await using var server = TlsServer.Start(leaf, intermediate);

        var options = new CertificatesOptions { Endpoints = [new("127.0.0.1", server.Port, "example.internal")] };
        var result = Harness(root, options).Run();

        Assert.Empty(result.Unavailable);
        var address = $"127.0.0.1:{server.Port}";
        var items = Inventory(result);
        Assert.Equal(2, items.Count); // the server sends leaf and intermediate, not the root
        Assert.All(items, i => Assert.Equal(address, i.Attributes["source"]));
        Assert.Equal(Fingerprint(leaf), items[0].Key.Split('#')[1]);
        Assert.Equal("0", items[0].Attributes["chain_position"]);
        Assert.Equal(Fingerprint(intermediate), items[1].Key.Split('#')[1]);
        Assert.Equal("1", items[1].Attributes["chain_position"]);
        Assert.Equal("true", items[1].Attributes["is_ca"]);
        // The test root is not trusted by this machine, so a strict client would refuse the chain; the name matched.
        Assert.StartsWith("RemoteCertificateChainErrors", items[0].Attributes["validation"], StringComparison.Ordinal);
        Assert.DoesNotContain("NameMismatch", items[0].Attributes["validation"], StringComparison.Ordinal);
        Assert.Equal(12.5, Single(result, "vigil.certificate.days_to_expiry", ("certificate.source", address),
            ("certificate.subject", "example.internal"), ("certificate.serial", "03")).Value, 6);
    }

    [Fact]
    public async Task A_name_mismatch_is_recorded_in_the_validation_attribute()
    {
        using var root = new TempHostRoot();
        using var leaf = SelfSignedRsa("CN=example.internal", Now.AddDays(-1), Now.AddDays(3), serial: 3, dnsNames: ["example.internal"]);
        await using var server = TlsServer.Start(leaf);

        var result = Harness(root, new() { Endpoints = [new("127.0.0.1", server.Port, "other.internal")] }).Run();

        var validation = Assert.Single(Inventory(result)).Attributes["validation"];
        Assert.Contains("RemoteCertificateNameMismatch", validation, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", validation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_endpoint_is_unavailable_and_files_still_report()
    {
        using var root = new TempHostRoot();
        using var good = SelfSignedRsa("CN=good", Now.AddDays(-1), Now.AddDays(5), serial: 5);
        root.Write("etc/ssl/good.pem", Pem(good));
        var port = FreePort();
        var options = new CertificatesOptions { Paths = ["/etc/ssl/good.pem"], Endpoints = [new("127.0.0.1", port)], Timeout = TimeSpan.FromSeconds(2) };

        var result = Harness(root, options).Run();

        var unavailable = Assert.Single(result.Unavailable);
        Assert.Equal(($"127.0.0.1:{port}", "connection refused"), (unavailable.Source, unavailable.Reason));
        Assert.Equal(1, Single(result, "vigil.certificate.count").Value);
    }

    [Fact]
    public void An_endpoint_that_accepts_but_never_answers_times_out_as_unavailable()
    {
        using var root = new TempHostRoot();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var result = Harness(root, new() { Endpoints = [new("127.0.0.1", port)], Timeout = TimeSpan.FromMilliseconds(300) }).Run();
            var unavailable = Assert.Single(result.Unavailable);
            Assert.Equal("no TLS handshake within 0.3s", unavailable.Reason);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Reads_the_live_ca_bundle_of_this_machine()
    {
        const string bundle = "/etc/ssl/certs/ca-certificates.crt";
        Assert.True(File.Exists(bundle), "ca-certificates is installed on Debian machines that run .NET");
        var expected = File.ReadAllText(bundle).Split("-----BEGIN CERTIFICATE-----").Length - 1;
        var result = new CollectorHarness(new CertificatesCollector(new() { Paths = [bundle] }), HostPaths.Default).Run();

        Assert.True(expected > 50);
        Assert.Equal(expected, Single(result, "vigil.certificate.count").Value);
        Assert.All(Inventory(result), i => Assert.Equal("true", i.Attributes["is_ca"]));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static IEnumerable<string> AllStrings(Vigil.Protocol.Record record) => record switch
    {
        InventoryRecord inv => inv.Items.SelectMany(i => i.Attributes.Values.Append(i.Key)),
        MetricsRecord m => m.Metrics.SelectMany(x => x.Attributes?.Values ?? []),
        _ => [],
    };

    /// <summary>A loopback TLS server that completes handshakes with the given certificate and chain until disposed.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
        private readonly Task _loop;

        private TlsServer(X509Certificate2 certificate, X509Certificate2[] chain)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            var context = SslStreamCertificateContext.Create(certificate, [.. chain], offline: true);
            _loop = Task.Run(() => ServeAsync(context));
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static TlsServer Start(X509Certificate2 certificate, params X509Certificate2[] chain) => new(certificate, chain);

        private async Task ServeAsync(SslStreamCertificateContext context)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        await using var tls = new SslStream(client.GetStream());
                        try
                        {
                            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, _stop.Token);
                            _ = await tls.ReadAsync(new byte[1], _stop.Token); // until the client hangs up
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
                        {
                        }
                    }
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
            _stop.Dispose();
        }
    }
}
