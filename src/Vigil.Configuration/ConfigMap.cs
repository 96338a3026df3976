using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Configuration;

/// <summary>
/// A YAML mapping being bound to options. Every read records the key, so <see cref="RejectUnknownKeys"/> can name
/// a misspelt key with its line; every type error names file, line and the full dotted key.
/// </summary>
/// <remarks>
/// Written over YamlDotNet's node model rather than its object deserializer: the node model keeps line numbers for
/// every key and needs no reflection, so it works in the NativeAOT agent.
/// </remarks>
public sealed class ConfigMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ConfigMap(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }
    /// <summary>Dotted path of this mapping from the document root; empty at the root.</summary>
    public string Path { get; }

    /// <summary>Parses a YAML document whose root is a mapping (an empty document is an empty mapping).</summary>
    public static ConfigMap Parse(string file, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, e.Start.Line, e.Start.Column, "", $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new ConfigMap(file, "", new YamlMappingNode());
        }
        var root = stream.Documents[0].RootNode;
        return root is YamlMappingNode map
            ? new ConfigMap(file, "", map)
            : throw new ConfigException(file, root.Start.Line, root.Start.Column, "", "the top level must be a mapping of keys");
    }

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Find(key) is not null;

    public string? String(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => null,
            YamlScalarNode s when IsNull(s) => null,
            YamlScalarNode s => s.Value,
            _ => throw Error(key, node, "expected a single value"),
        };
    }

    public string String(string key, string fallback) => String(key) ?? fallback;

    public bool Bool(string key, bool fallback) => Scalar(key, fallback, "true or false", static (string s, out bool v) =>
    {
        switch (s.ToLowerInvariant())
        {
            case "true" or "yes" or "on": v = true; return true;
            case "false" or "no" or "off": v = false; return true;
            default: v = false; return false;
        }
    });

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = Scalar(key, fallback, "a whole number", static (string s, out int v) =>
            int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v));
        return value < min || value > max ? throw Error(key, Find(key)!, $"{value} is out of range [{min}, {max}]") : value;
    }

    public double Double(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var value = Scalar(key, fallback, "a number", static (string s, out double v) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v));
        return value < min || value > max
            ? throw Error(key, Find(key)!, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]")
            : value;
    }

    /// <summary>A duration such as <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan? min = null)
    {
        var value = Scalar(key, fallback, "a duration such as 500ms, 10s, 5m, 1h", ConfigUnits.TryParseDuration);
        return min is { } m && value < m ? throw Error(key, Find(key)!, $"must be at least {ConfigUnits.FormatDuration(m)}") : value;
    }

    /// <summary>A size such as <c>4096</c>, <c>512KiB</c>, <c>64MiB</c>, <c>1GiB</c> (KB/MB/GB are decimal).</summary>
    public long Bytes(string key, long fallback, long min = 0)
    {
        var value = Scalar(key, fallback, "a size such as 64MiB or 512KiB", ConfigUnits.TryParseBytes);
        return value < min ? throw Error(key, Find(key)!, $"must be at least {min} bytes") : value;
    }

    /// <summary>A list of strings; a single scalar is accepted as a list of one.</summary>
    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return fallback;
            case YamlScalarNode s when IsNull(s):
                return [];
            case YamlScalarNode s:
                return [s.Value ?? ""];
            case YamlSequenceNode seq:
                var list = new List<string>(seq.Children.Count);
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    list.Add(seq.Children[i] is YamlScalarNode item && !IsNull(item)
                        ? item.Value ?? ""
                        : throw Error($"{key}[{i}]", seq.Children[i], "expected a single value"));
                }
                return list;
            default:
                throw Error(key, node, "expected a list of values");
        }
    }

    /// <summary>A nested mapping, or null when the key is absent or null.</summary>
    public ConfigMap? Map(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => null,
            YamlScalarNode s when IsNull(s) => null,
            YamlMappingNode m => new ConfigMap(File, Qualify(key), m),
            _ => throw Error(key, node, "expected a mapping of keys"),
        };
    }

    /// <summary>A sequence of mappings (e.g. a list of endpoints with several fields each).</summary>
    public IReadOnlyList<ConfigMap> MapList(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode s when IsNull(s):
                return [];
            case YamlSequenceNode seq:
                var list = new List<ConfigMap>(seq.Children.Count);
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    list.Add(seq.Children[i] is YamlMappingNode m
                        ? new ConfigMap(File, $"{Qualify(key)}[{i}]", m)
                        : throw Error($"{key}[{i}]", seq.Children[i], "expected a mapping of keys"));
                }
                return list;
            default:
                throw Error(key, node, "expected a list");
        }
    }

    /// <summary>An error about the value under <paramref name="key"/>, positioned at that value.</summary>
    public ConfigException Error(string key, string problem)
    {
        var node = Find(key);
        return node is null
            ? new ConfigException(File, _node.Start.Line, _node.Start.Column, Qualify(key), problem)
            : Error(key, node, problem);
    }

    /// <summary>An error about the key itself (an unknown name), positioned at the key rather than its value.</summary>
    public ConfigException KeyError(string key, string problem)
    {
        var keyNode = _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) ?? _node;
        return new ConfigException(File, keyNode.Start.Line, keyNode.Start.Column, Qualify(key), problem);
    }

    /// <summary>Fails on the first key that no binder read: a typo must not silently fall back to a default.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!_read.Contains(key))
            {
                var known = string.Join(", ", _read.Order(StringComparer.Ordinal));
                var suggestion = ConfigUnits.ClosestMatch(key, _read);
                var hint = suggestion is null ? $"known keys here: {known}" : $"did you mean '{suggestion}'?";
                throw new ConfigException(File, keyNode.Start.Line, keyNode.Start.Column, Qualify(key), $"unknown key; {hint}");
            }
        }
    }

    private delegate bool TryParse<T>(string text, out T value);

    private T Scalar<T>(string key, T fallback, string expected, TryParse<T> parse)
    {
        var node = Find(key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return fallback;
        }
        if (node is not YamlScalarNode s || !parse(s.Value ?? "", out var value))
        {
            var shown = (node as YamlScalarNode)?.Value;
            throw Error(key, node, shown is null ? $"expected {expected}" : $"'{shown}' is not {expected}");
        }
        return value;
    }

    private YamlNode? Find(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private ConfigException Error(string key, YamlNode node, string problem) =>
        new(File, node.Start.Line, node.Start.Column, Qualify(key), problem);

    private string Qualify(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && (s.Value is null or "" or "~" or "null");
}
