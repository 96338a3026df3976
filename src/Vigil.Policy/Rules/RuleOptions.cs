using System.Globalization;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>Option readers several rule kinds share, so the same key means the same thing everywhere.</summary>
public static class RuleOptions
{
    /// <summary>The verdict when what the rule looks at does not exist: <c>missing: pass|fail|not_applicable|error</c>.</summary>
    public static CheckStatus Missing(ConfigMap map, CheckStatus fallback) => map.String("missing") switch
    {
        null => fallback,
        "pass" => CheckStatus.Pass,
        "fail" => CheckStatus.Fail,
        "not_applicable" => CheckStatus.NotApplicable,
        "error" => CheckStatus.Error,
        var other => throw map.Error("missing", $"'{other}' is not one of pass, fail, not_applicable, error"),
    };

    /// <summary>A required string option.</summary>
    public static string Required(ConfigMap map, string key) =>
        map.String(key) is { Length: > 0 } value ? value : throw map.Error(key, "is required");

    /// <summary>One of a fixed set of words.</summary>
    public static string OneOf(ConfigMap map, string key, string fallback, params string[] allowed)
    {
        var value = map.String(key, fallback);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw map.Error(key, $"'{value}' is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>Permission bits in octal (<c>"0644"</c>), or null when absent.</summary>
    public static uint? Mode(ConfigMap map, string key)
    {
        var text = map.String(key);
        if (text is null)
        {
            return null;
        }
        try
        {
            var mode = Convert.ToUInt32(text, 8);
            return mode <= 0xFFF ? mode : throw map.Error(key, $"'{text}' is larger than 07777");
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw map.Error(key, $"'{text}' is not an octal mode such as 0644");
        }
    }

    public static string FormatMode(uint mode) => Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>True when the value under <paramref name="key"/> is a single value rather than a mapping or list.</summary>
    public static bool IsScalar(ConfigMap map, string key)
    {
        try
        {
            map.String(key);
            return true;
        }
        catch (ConfigException)
        {
            return false;
        }
    }

    /// <summary>Parses a decimal id, for owner and group lists that mix names and numbers.</summary>
    public static bool TryId(string text, out uint id) => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
