using System.Globalization;

namespace Vigil.Protocol.Actions;

/// <summary>One typed parameter of an action, with the limits both the server and the agent enforce.</summary>
public sealed record ActionParameter(string Name, ParameterKind Kind, string Description)
{
    public bool Required { get; init; }
    /// <summary>The value used when the parameter is absent (already valid for its kind).</summary>
    public string? Default { get; init; }
    public long Min { get; init; } = long.MinValue;
    public long Max { get; init; } = long.MaxValue;
    /// <summary>Longest accepted value, in characters.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Null when <paramref name="value"/> is valid for this parameter, else why not (naming the parameter).</summary>
    public string? Check(string value)
    {
        if (value.Length > MaxLength)
        {
            return $"{Name}: {value.Length} characters, at most {MaxLength}";
        }
        switch (Kind)
        {
            case ParameterKind.Integer:
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return $"{Name}: '{Shorten(value)}' is not an integer";
                }
                return number < Min || number > Max ? $"{Name}: {number} is outside {Min}..{Max}" : null;
            case ParameterKind.Boolean:
                return value is "true" or "false" ? null : $"{Name}: '{Shorten(value)}' is not true or false";
            case ParameterKind.Path:
                return CheckPath(value);
            case ParameterKind.Name:
                return value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '_' or ':' or '-') && value[0] != '-'
                    ? null
                    : $"{Name}: '{Shorten(value)}' is not a name (letters, digits and @._:- only)";
            case ParameterKind.Text:
                return value.Contains('\0', StringComparison.Ordinal) ? $"{Name}: contains NUL" : null;
            default:
                return value.Any(char.IsControl) ? $"{Name}: contains control characters" : null;
        }
    }

    private string? CheckPath(string value)
    {
        if (value.Length == 0 || value[0] != '/')
        {
            return $"{Name}: '{Shorten(value)}' is not an absolute path";
        }
        if (value.Any(char.IsControl))
        {
            return $"{Name}: contains control characters";
        }
        if (value.Split('/').Any(segment => segment == ".."))
        {
            return $"{Name}: '{Shorten(value)}' contains a '..' segment";
        }
        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
