using System.Globalization;

namespace Vigil.Policy.Matching;

/// <summary>A comparison such as <c>&lt;= 4</c> or <c>== 0</c>, of numbers or (with <see cref="Versions"/>) of Debian versions.</summary>
public sealed record NumericComparison(string Operator, string Operand, bool Versions)
{
    private static readonly string[] Operators = ["<=", ">=", "==", "!=", "<", ">"];

    /// <summary>Parses <c>OP VALUE</c>; returns null with a problem when the text is not that.</summary>
    public static NumericComparison? TryParse(string text, bool versions, out string problem)
    {
        var s = text.Trim();
        foreach (var op in Operators)
        {
            if (s.StartsWith(op, StringComparison.Ordinal))
            {
                var operand = s[op.Length..].Trim();
                if (operand.Length == 0)
                {
                    break;
                }
                if (!versions && !TryNumber(operand, out _))
                {
                    problem = $"'{operand}' is not a number";
                    return null;
                }
                problem = "";
                return new NumericComparison(op, operand, versions);
            }
        }
        problem = $"'{text}' is not a comparison such as '<= 4' (operators: {string.Join(' ', Operators)})";
        return null;
    }

    /// <summary>Whether <paramref name="value"/> satisfies the comparison; false when it is not a number.</summary>
    public bool Matches(string value)
    {
        int order;
        if (Versions)
        {
            order = DebianVersion.Compare(value.Trim(), Operand);
        }
        else
        {
            if (!TryNumber(value.Trim(), out var left) || !TryNumber(Operand, out var right))
            {
                return false;
            }
            order = left.CompareTo(right);
        }
        return Operator switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            "==" => order == 0,
            "!=" => order != 0,
            ">=" => order >= 0,
            _ => order > 0,
        };
    }

    public override string ToString() => $"{Operator} {Operand}";

    /// <summary>Decimal, with a 0x prefix for hexadecimal; a leading 0 is decimal (use a mode key for octal).</summary>
    public static bool TryNumber(string s, out decimal value)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            value = hex;
            return true;
        }
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
