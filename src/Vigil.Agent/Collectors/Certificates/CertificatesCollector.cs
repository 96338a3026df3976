using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Certificates;

/// <summary>
/// Expiry and identity of TLS certificates in configured files and directories and presented by configured TLS
/// endpoints. Private keys next to certificates are recognised and skipped; key material is never decoded or sent.
/// </summary>
public sealed class CertificatesCollector : ICollector
{
    public const string CollectorName = "certificates";
    public const string InventoryKind = "certificates";
    private const string DaysToExpiry = "vigil.certificate.days_to_expiry";
    private const string Count = "vigil.certificate.count";
    private const int MaxFileBytes = 4 << 20; // far above any real bundle (the whole Mozilla store is ~220KiB)
    private const int MaxParallelHandshakes = 8;
    private static readonly string[] CertificateExtensions = [".pem", ".crt", ".cer", ".der", ".cert"];
    private static readonly EnumerationOptions Flat = new() { IgnoreInaccessible = true, AttributesToSkip = 0 };
    private static readonly EnumerationOptions Deep = new() { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = true };

    private readonly CertificatesOptions _options;
    private readonly List<X509Certificate2> _parsed = [];
    private readonly List<CertificateObservation> _found = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _tags = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private byte[] _buffer = new byte[64 * 1024];

    public CertificatesCollector(CertificatesOptions? options = null)
    {
        _options = options ?? new CertificatesOptions();
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), Optional: true);

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(DaysToExpiry, "{day}",
                "Days until the certificate expires, fractional, negative once expired. No OpenTelemetry convention exists for certificate expiry, hence vigil.*.",
                "certificate.source", "certificate.subject", "certificate.serial"),
            MetricDescriptor.Gauge(Count, "{certificate}", "Certificates found in the configured files and endpoints this run."),
        ],
        InventoryKinds = [InventoryKind],
    };

    public async ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        _found.Clear();
        _keys.Clear();
        foreach (var path in _options.Paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScanPath(context, path, cancellationToken);
        }
        if (_options.Endpoints.Count > 0)
        {
            await ProbeEndpointsAsync(context, cancellationToken).ConfigureAwait(false);
        }
        Write(context);
    }

    private void ScanPath(CollectionContext context, string hostPath, CancellationToken cancellationToken)
    {
        var resolved = context.Paths.InRoot(hostPath);
        if (!Directory.Exists(resolved))
        {
            ReadFile(context, hostPath, resolved, configured: true);
            return;
        }
        _files.Clear();
        try
        {
            _files.AddRange(Directory.EnumerateFiles(resolved, "*", _options.Recursive ? Deep : Flat));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            context.Unavailable(hostPath, e is UnauthorizedAccessException ? "permission denied" : e.Message);
            return;
        }
        _files.Sort(StringComparer.Ordinal);
        var hostDirectory = hostPath.TrimEnd('/');
        foreach (var file in _files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Report the path as the host knows it, not as it is mounted into the agent's container.
            ReadFile(context, string.Concat(hostDirectory, file.AsSpan(resolved.TrimEnd('/').Length)), file, configured: false);
        }
    }

    private void ReadFile(CollectionContext context, string hostPath, string path, bool configured)
    {
        var extension = Path.GetExtension(path.AsSpan());
        var knownExtension = HasCertificateExtension(extension);
        if (!configured && !knownExtension && !extension.IsEmpty)
        {
            return; // keys, CSRs, READMEs and c_rehash links next to certificates
        }
        int length;
        try
        {
            length = ReadAll(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (configured)
            {
                context.Unavailable(hostPath, "not found");
            }
            return; // a file listed in a directory that vanished since: nothing to report
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            context.Unavailable(hostPath, e is UnauthorizedAccessException ? "permission denied" : e.Message);
            return;
        }
        if (length < 0)
        {
            context.Unavailable(hostPath, $"larger than {MaxFileBytes >> 20}MiB, not a certificate file");
            return;
        }
        var content = _buffer.AsSpan(0, length);
        try
        {
            if (!configured && extension.IsEmpty && !CertificateFileParser.HasPemCertificate(content))
            {
                return;
            }
            _parsed.Clear();
            var kind = CertificateFileParser.Parse(content, tryDer: configured || knownExtension, _parsed);
            if (kind == CertificateFileKind.Other && configured)
            {
                context.Unavailable(hostPath, "no certificate in this file");
            }
        }
        finally
        {
            // The file may have held a private key next to the certificate: do not leave it in a reused buffer.
            CryptographicOperations.ZeroMemory(content);
        }
        for (var i = 0; i < _parsed.Count; i++)
        {
            using var certificate = _parsed[i];
            Add(hostPath, CertificateFacts.From(certificate), i, validation: null);
        }
        _parsed.Clear();
    }

    private async Task ProbeEndpointsAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var endpoints = _options.Endpoints;
        var results = new EndpointCertificates[endpoints.Count];
        // Handshakes run side by side so a few unreachable endpoints cost one timeout, not one each.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, endpoints.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelHandshakes, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await TlsCertificateFetcher.FetchAsync(endpoints[i], _options.Timeout, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var address = endpoints[i].Address;
            var result = results[i];
            if (result.Error is not null)
            {
                context.Unavailable(address, result.Error);
                continue;
            }
            for (var position = 0; position < result.Chain.Count; position++)
            {
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(result.Chain[position]);
                    Add(address, CertificateFacts.From(certificate), position, result.Validation);
                }
                catch (CryptographicException)
                {
                    context.Unavailable(address, $"certificate {position} of the presented chain cannot be parsed");
                }
            }
        }
    }

    private void Add(string source, CertificateFacts facts, int position, string? validation)
    {
        var key = string.Concat(source, "#", facts.Fingerprint);
        if (_keys.Add(key)) // a bundle listing the same certificate twice reports it once
        {
            _found.Add(new CertificateObservation(source, key, facts, position, validation));
        }
    }

    private void Write(CollectionContext context)
    {
        var now = context.Time.GetUtcNow();
        var output = context.Output;
        var items = new List<InventoryItem>(_found.Count);
        foreach (var found in _found)
        {
            var days = (found.Facts.NotAfter - now).TotalDays;
            output.Gauge(DaysToExpiry, days, TagsFor(found));
            items.Add(new InventoryItem { Key = found.Key, Attributes = AttributesOf(found, days) });
        }
        output.Gauge(Count, _found.Count);
        output.Inventory(InventoryKind, items);
        if (_tags.Count > _keys.Count)
        {
            foreach (var key in _tags.Keys.Where(k => !_keys.Contains(k)).ToList())
            {
                _tags.Remove(key);
            }
        }
    }

    /// <summary>Metric attribute sets are built once per certificate and reused while it is present.</summary>
    private IReadOnlyDictionary<string, string> TagsFor(CertificateObservation found)
    {
        if (!_tags.TryGetValue(found.Key, out var tags))
        {
            tags = Tags.Of("certificate.source", found.Source, "certificate.subject", found.Facts.CommonName, "certificate.serial", found.Facts.Serial);
            _tags[found.Key] = tags;
        }
        return tags;
    }

    private static Dictionary<string, string> AttributesOf(CertificateObservation found, double days)
    {
        var f = found.Facts;
        var attributes = new Dictionary<string, string>(16, StringComparer.Ordinal)
        {
            ["source"] = found.Source,
            ["subject"] = f.Subject,
            ["issuer"] = f.Issuer,
            ["serial"] = f.Serial,
            ["not_before"] = Iso8601(f.NotBefore),
            ["not_after"] = Iso8601(f.NotAfter),
            // Whole days, so the inventory changes once a day rather than every run; the metric has the fraction.
            ["days_to_expiry"] = Math.Floor(days).ToString(CultureInfo.InvariantCulture),
            ["key_type"] = f.KeyType,
            ["key_bits"] = f.KeyBits.ToString(CultureInfo.InvariantCulture),
            ["signature_algorithm"] = f.SignatureAlgorithm,
            ["sans"] = f.Sans,
            ["self_signed"] = f.SelfSigned ? "true" : "false",
            ["is_ca"] = f.IsCa ? "true" : "false",
            ["chain_position"] = found.ChainPosition.ToString(CultureInfo.InvariantCulture),
        };
        if (found.Validation is not null)
        {
            attributes["validation"] = found.Validation;
        }
        return attributes;
    }

    private static string Iso8601(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool HasCertificateExtension(ReadOnlySpan<char> extension)
    {
        foreach (var known in CertificateExtensions)
        {
            if (extension.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads the whole file into the reused buffer; returns its length, or -1 when it exceeds <see cref="MaxFileBytes"/>.</summary>
    private int ReadAll(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var total = 0;
        while (true)
        {
            if (total == _buffer.Length)
            {
                if (_buffer.Length >= MaxFileBytes + 1)
                {
                    return -1;
                }
                var larger = new byte[Math.Min(_buffer.Length * 2, MaxFileBytes + 1)];
                _buffer.CopyTo(larger, 0);
                CryptographicOperations.ZeroMemory(_buffer);
                _buffer = larger;
            }
            var n = RandomAccess.Read(handle, _buffer.AsSpan(total), total);
            if (n == 0)
            {
                return total;
            }
            total += n;
        }
    }
}
