namespace Vigil.Policy.Matching;

/// <summary>
/// Debian version ordering as dpkg(1) defines it (deb-version(7)): <c>[epoch:]upstream[-revision]</c>, compared
/// part by part, alternating non-digit runs (where '~' sorts before everything, even the end, and letters before
/// other characters) and digit runs compared numerically.
/// </summary>
public static class DebianVersion
{
    public static int Compare(string a, string b)
    {
        var (ea, ua, ra) = Split(a);
        var (eb, ub, rb) = Split(b);
        var c = ea.CompareTo(eb);
        if (c != 0)
        {
            return c;
        }
        c = ComparePart(ua, ub);
        return c != 0 ? c : ComparePart(ra, rb);
    }

    private static (long Epoch, string Upstream, string Revision) Split(string v)
    {
        long epoch = 0;
        var colon = v.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(v.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var e))
        {
            epoch = e;
            v = v[(colon + 1)..];
        }
        var dash = v.LastIndexOf('-');
        return dash >= 0 ? (epoch, v[..dash], v[(dash + 1)..]) : (epoch, v, "");
    }

    private static int ComparePart(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ca = i < a.Length && !char.IsAsciiDigit(a[i]) ? Order(a[i]) : 0;
                var cb = j < b.Length && !char.IsAsciiDigit(b[j]) ? Order(b[j]) : 0;
                if (ca != cb)
                {
                    return ca - cb;
                }
                if (i < a.Length && !char.IsAsciiDigit(a[i]))
                {
                    i++;
                }
                if (j < b.Length && !char.IsAsciiDigit(b[j]))
                {
                    j++;
                }
            }
            while (i < a.Length && a[i] == '0')
            {
                i++;
            }
            while (j < b.Length && b[j] == '0')
            {
                j++;
            }
            var diff = 0;
            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (diff == 0)
                {
                    diff = a[i] - b[j];
                }
                i++;
                j++;
            }
            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }
            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }
            if (diff != 0)
            {
                return diff;
            }
        }
        return 0;
    }

    private static int Order(char c) => c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;
}
