using System.Text.RegularExpressions;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Replaces secrets in free text (command lines, inventory values, health messages) with <c>[REDACTED]</c>
/// before anything reaches the spool. Built-in rules cover private keys, credentials in URLs and connection
/// strings, password/token/secret assignments and flags, bearer tokens, JWTs and well-known cloud key shapes;
/// configured patterns add to them.
/// </summary>
public sealed partial class Redactor
{
    public const string Marker = "[REDACTED]";

    private readonly Regex[] _extra;

    public Redactor(IReadOnlyList<string>? extraPatterns = null)
    {
        _extra = (extraPatterns ?? []).Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))).ToArray();
    }

    /// <summary>Redactions made since this instance was created.</summary>
    public long Redactions { get; private set; }

    public string Redact(string text)
    {
        if (text.Length < 6 || !MightContainSecret(text))
        {
            return text;
        }
        var result = text;
        result = Replace(PrivateKeyBlock(), result, Marker);
        result = Replace(UrlCredentials(), result, "${scheme}${user}:" + Marker + "@");
        result = Replace(BearerToken(), result, "${scheme} " + Marker);
        result = Replace(KeyValueSecret(), result, "${key}${sep}" + Marker);
        result = Replace(FlagSecret(), result, "${flag}${sep}" + Marker);
        result = Replace(Jwt(), result, Marker);
        result = Replace(AwsAccessKey(), result, Marker);
        result = Replace(KnownTokenShapes(), result, Marker);
        foreach (var pattern in _extra)
        {
            result = Replace(pattern, result, Marker);
        }
        return result;
    }

    private string Replace(Regex regex, string input, string replacement)
    {
        var count = 0;
        var output = regex.Replace(input, m =>
        {
            count++;
            return m.Result(replacement);
        });
        Redactions += count;
        return output;
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

    // password=..., "secret": "...", Pwd=...; (connection strings), api_key: ...
    [GeneratedRegex(@"(?<key>\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth)[\w.-]*""?)(?<sep>\s*[=:]\s*""?)(?!\[REDACTED\]|(?:Bearer|Basic|Token)\s)[^\s;,&""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
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
}
