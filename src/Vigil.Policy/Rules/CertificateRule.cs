using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Vigil.Agent.Collectors.Certificates;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: certificate</c>: facts about the X.509 certificates in PEM or DER files (public facts only).
/// <code>
/// - kind: certificate
///   path: /etc/ssl/certs/server.pem   # wildcards allowed; every certificate of every match
///   valid_days: 30                    # still valid for at least this many days (0: not expired)
///   min_key_bits: 2048
///   signature_not_matches: '(?i)sha1|md5'
///   missing: fail
/// </code>
/// </summary>
public sealed class CertificateRule : IRule
{
    public const string Name = "certificate";

    private string _path = "";
    private int? _validDays;
    private int? _minKeyBits;
    private Regex? _badSignature;
    private CheckStatus _missing;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new CertificateRule
        {
            _path = RuleOptions.Required(map, "path"),
            _validDays = map.Has("valid_days") ? map.Int("valid_days", 0, 0) : null,
            _minKeyBits = map.Has("min_key_bits") ? map.Int("min_key_bits", 0, 1) : null,
            _missing = RuleOptions.Missing(map, CheckStatus.Fail),
        };
        if (map.String("signature_not_matches") is { } re)
        {
            rule._badSignature = PolicyRegex.Compile(map, "signature_not_matches", re);
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var paths = PathGlob.Expand(context, context.Expand(_path)).Where(p => File.Exists(context.Resolve(p))).ToList();
        if (paths.Count == 0)
        {
            return new RuleOutcome(_missing, $"{_path}: absent");
        }
        var now = context.Time.GetUtcNow();
        string observed = "";
        foreach (var path in paths)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(context.Resolve(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return RuleOutcome.Error($"{path}: {e.Message}");
            }
            var certificates = new List<X509Certificate2>();
            try
            {
                CertificateFileParser.Parse(bytes, tryDer: true, certificates);
                if (certificates.Count == 0)
                {
                    return RuleOutcome.Error($"{path}: no certificate in it");
                }
                foreach (var cert in certificates)
                {
                    var facts = CertificateFacts.From(cert);
                    var days = (facts.NotAfter - now).TotalDays;
                    observed = $"{path}: {facts.CommonName}, expires {facts.NotAfter:yyyy-MM-dd} ({Math.Floor(days)} days), {facts.KeyType} {facts.KeyBits} bits, {facts.SignatureAlgorithm}";
                    if (_validDays is { } min && (days < min || now < facts.NotBefore))
                    {
                        return RuleOutcome.Fail(observed);
                    }
                    if (_minKeyBits is { } bits && facts.KeyBits < bits)
                    {
                        return RuleOutcome.Fail(observed);
                    }
                    if (_badSignature is not null && _badSignature.IsMatch(facts.SignatureAlgorithm))
                    {
                        return RuleOutcome.Fail(observed);
                    }
                }
            }
            finally
            {
                foreach (var c in certificates)
                {
                    c.Dispose();
                }
            }
        }
        return RuleOutcome.Pass(observed);
    }
}
