using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Server.Compliance.Export;

/// <summary>
/// A framework's control id as an OSCAL <c>control-id</c> token (a letter or underscore first, then letters, digits,
/// '.', '-', '_'). NIST ids follow the OSCAL catalog's own form (<c>AC-6(2)</c> → <c>ac-6.2</c>); ids that start with a
/// digit (CIS <c>5.2.10</c>, HIPAA <c>164.312(b)</c>) get the framework's prefix (<c>cis-5.2.10</c>).
/// </summary>
public static partial class OscalControlId
{
    public static string From(ComplianceFramework framework, string control)
    {
        var text = control.Trim().ToLowerInvariant();
        if (framework == ComplianceFramework.Nist80053)
        {
            text = Enhancement().Replace(text, ".$1");
        }
        var token = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
            if (ok)
            {
                token.Append(c);
            }
            else if (token.Length > 0 && token[^1] != '.')
            {
                token.Append('.');
            }
        }
        var id = token.ToString().Trim('.');
        if (id.Length == 0 || !(char.IsAsciiLetter(id[0]) || id[0] == '_'))
        {
            id = framework.Id.Replace('_', '-') + "-" + id;
        }
        return id;
    }

    [GeneratedRegex(@"\s*\((\w+)\)")]
    private static partial Regex Enhancement();
}
