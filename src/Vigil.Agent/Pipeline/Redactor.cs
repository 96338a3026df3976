using System.Text.RegularExpressions;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Replaces secrets in free text (command lines, inventory values, health messages) with <c>[REDACTED]</c>
/// before anything reaches the spool. Built-in rules cover private keys, credentials in URLs and connection
/// strings, password/token/secret assignments and flags, bearer tokens, JWTs and well-known cloud key shapes;
/// configured patterns (unnamed, from <c>pipeline.redact_patterns</c>, or named <see cref="RedactionRule"/>s) add to them.
/// One redactor serves the record pipeline, action results and diagnostic bundles.
/// </summary>
public sealed partial class Redactor
{
    public const string Marker = "[REDACTED]";

    /// <summary>Text longer than this is redacted in line-aligned segments, so a configured pattern's timeout bounds one segment, not the whole file.</summary>
    private const int SegmentChars = 64 * 1024;

    /// <summary>The names <see cref="Counts"/> uses for the built-in rules, in the order they run.</summary>
    public static IReadOnlyList<string> BuiltInRules { get; } =
        ["private_key", "url_credentials", "bearer_token", "key_value_secret", "flag_secret", "jwt", "aws_access_key", "known_token", "kubeconfig_key"];

    private readonly (string Name, Regex Regex)[] _extra;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public Redactor(IReadOnlyList<string>? extraPatterns = null, IReadOnlyList<RedactionRule>? rules = null)
    {
        _extra = (extraPatterns ?? []).Select((p, i) => ($"redact_patterns[{i}]", new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))))
            .Concat((rules ?? []).Select(r => (r.Name, new Regex(r.Pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, TimeSpan.FromMilliseconds(100)))))
            .ToArray();
    }

    /// <summary>Redactions made since this instance was created.</summary>
    public long Redactions { get; private set; }

    /// <summary>Redactions made since this instance was created, by rule name (built-in names as in <see cref="BuiltInRules"/>).</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>
    /// Redacts a whole file's text. Long text is cut into segments at line ends (never inside a private key block, so
    /// a key is replaced whole) and each is redacted on its own.
    /// </summary>
    public string RedactDocument(string text)
    {
        if (text.Length <= SegmentChars)
        {
            return Redact(text);
        }
        var output = new System.Text.StringBuilder(text.Length);
        var start = 0;
        while (start < text.Length)
        {
            var end = SegmentEnd(text, start);
            output.Append(Redact(text[start..end]));
            start = end;
        }
        return output.ToString();
    }

    private static int SegmentEnd(string text, int start)
    {
        var end = Math.Min(text.Length, start + SegmentChars);
        var newline = end < text.Length ? text.IndexOf('\n', end) : -1;
        end = newline < 0 ? text.Length : newline + 1;
        var segment = text.AsSpan(start, end - start);
        var begin = segment.LastIndexOf("-----BEGIN ", StringComparison.Ordinal);
        if (begin >= 0 && segment.LastIndexOf("-----END ", StringComparison.Ordinal) < begin)
        {
            var close = text.IndexOf("-----END ", start + begin, StringComparison.Ordinal);
            var lineEnd = close < 0 ? -1 : text.IndexOf('\n', close);
            end = close < 0 || lineEnd < 0 ? text.Length : lineEnd + 1;
        }
        return end;
    }

    public string Redact(string text)
    {
        if (text.Length < 6 || !MightContainSecret(text))
        {
            return text;
        }
        var result = text;
        result = Replace("private_key", PrivateKeyBlock(), result, Marker);
        result = Replace("url_credentials", UrlCredentials(), result, "${scheme}${user}:" + Marker + "@");
        result = Replace("bearer_token", BearerToken(), result, "${scheme} " + Marker);
        result = Replace("key_value_secret", KeyValueSecret(), result, "${key}${sep}" + Marker);
        result = Replace("flag_secret", FlagSecret(), result, "${flag}${sep}" + Marker);
        result = Replace("jwt", Jwt(), result, Marker);
        result = Replace("aws_access_key", AwsAccessKey(), result, Marker);
        result = Replace("known_token", KnownTokenShapes(), result, Marker);
        result = Replace("kubeconfig_key", KubeconfigKeyData(), result, "${key}" + Marker);
        foreach (var (name, pattern) in _extra)
        {
            try
            {
                result = Replace(name, pattern, result, Marker);
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that cannot finish on this text cannot vouch for it: nothing of it is kept.
                Count(name, 1);
                return Marker + " (redaction rule '" + name + "' timed out)";
            }
        }
        return result;
    }

    private string Replace(string rule, Regex regex, string input, string replacement)
    {
        var count = 0;
        var output = regex.Replace(input, m =>
        {
            count++;
            return m.Result(replacement);
        });
        Count(rule, count);
        return output;
    }

    private void Count(string rule, int count)
    {
        if (count == 0)
        {
            return;
        }
        Redactions += count;
        _counts[rule] = _counts.GetValueOrDefault(rule) + count;
    }

    private static readonly System.Buffers.SearchValues<string> Hints = System.Buffers.SearchValues.Create(
        ["=", ":", "--", "-----", "AKIA", "ASIA", "eyJ", "bearer", "basic ", "token ", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "xox", "sk_live_"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>A cheap pre-check so the common case (a package version, a unit name) skips every regex.</summary>
    private bool MightContainSecret(string text) => _extra.Length > 0 || text.AsSpan().IndexOfAny(Hints) >= 0;

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:/?#@\s]+):[^@/\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    // password=..., "secret": "...", Pwd=...; (connection strings), api_key: ... A colon counts only before a space or
    // a quote (YAML, JSON), so package:architecture pairs (xauth:amd64, python3-oauthlib:all) stay as they are.
    [GeneratedRegex(@"(?<key>\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth)[\w.-]*""?)(?<sep>\s*=\s*""?|\s*:\s+""?|\s*:"")(?!\[REDACTED\]|(?:Bearer|Basic|Token)\s)[^\s;,&""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecret();

    // --password hunter2, --token=abc, -p=secret is too ambiguous to guess and is left alone.
    [GeneratedRegex(@"(?<flag>--?[\w-]*(?:password|passwd|pwd|secret|token|api-?key|access-?key|credential)[\w-]*)(?<sep>[ =])(?!\[REDACTED\])[^\s]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FlagSecret();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic|Token))\s+[A-Za-z0-9._~+/=-]{8,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    // GitHub, GitLab, Slack and Stripe tokens have recognisable prefixes.
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{20,})\b", RegexOptions.CultureInvariant)]
    private static partial Regex KnownTokenShapes();

    // kubeconfig files carry the client's private key base64-encoded, outside any PEM armour.
    [GeneratedRegex(@"(?<key>\bclient-key-data\s*:\s*""?)[A-Za-z0-9+/=]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex KubeconfigKeyData();
}
