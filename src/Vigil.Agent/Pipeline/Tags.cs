namespace Vigil.Agent.Pipeline;

/// <summary>Short constructors for metric attribute sets.</summary>
public static class Tags
{
    public static Dictionary<string, string> Of(string key, string value) =>
        new(1, StringComparer.Ordinal) { [key] = value };

    public static Dictionary<string, string> Of(string k1, string v1, string k2, string v2) =>
        new(2, StringComparer.Ordinal) { [k1] = v1, [k2] = v2 };

    public static Dictionary<string, string> Of(string k1, string v1, string k2, string v2, string k3, string v3) =>
        new(3, StringComparer.Ordinal) { [k1] = v1, [k2] = v2, [k3] = v3 };
}
