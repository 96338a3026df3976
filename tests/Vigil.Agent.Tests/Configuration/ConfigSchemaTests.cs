using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Agent.Configuration;
using YamlDotNet.RepresentationModel;

namespace Vigil.Agent.Tests.Configuration;

/// <summary>
/// The reference config (deploy/agent.yaml, every key), the JSON Schema editors use (schemas/agent.schema.json)
/// and the binder must agree: same keys, the example valid under both.
/// </summary>
public sealed class ConfigSchemaTests
{
    private static readonly string ExamplePath = RepositoryFiles.PathOf("deploy/agent.yaml");
    private static readonly JsonSchema Schema = JsonSchema.FromFile(RepositoryFiles.PathOf("schemas/agent.schema.json"));

    [Fact]
    public void The_reference_config_binds()
    {
        var options = AgentConfigLoader.Load(ExamplePath, mustExist: true);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
        Assert.Equal(10, options.Collectors.Processes.Top);
    }

    [Fact]
    public void The_reference_config_is_valid_under_the_schema()
    {
        var result = Schema.Evaluate(YamlToJson(ExamplePath), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", result.Details.Where(d => d.HasErrors).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")));
    }

    [Fact]
    public void The_schema_and_the_reference_config_name_the_same_keys()
    {
        var schemaKeys = new SortedSet<string>(StringComparer.Ordinal);
        CollectSchemaKeys(JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("schemas/agent.schema.json")))!, "", schemaKeys);
        var exampleKeys = new SortedSet<string>(StringComparer.Ordinal);
        CollectJsonKeys(YamlToJson(ExamplePath), "", exampleKeys);
        // Every collector accepts enabled/interval/budget; the reference config need not repeat them for each.
        static bool Common(string key) => key.StartsWith("collectors.", StringComparison.Ordinal)
            && (key.EndsWith(".enabled", StringComparison.Ordinal) || key.EndsWith(".interval", StringComparison.Ordinal) || key.EndsWith(".budget", StringComparison.Ordinal));
        Assert.Equal(schemaKeys.Where(k => !Common(k)), exampleKeys.Where(k => !Common(k)));
    }

    [Fact]
    public void Every_registered_collector_is_in_the_schema()
    {
        var collectors = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("schemas/agent.schema.json")))!["properties"]!["collectors"]!["properties"]!.AsObject();
        Assert.Equal(Vigil.Agent.Collectors.KnownCollectors.Names.Order(StringComparer.Ordinal), collectors.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("intervall: 10s")]
    [InlineData("spool:\n  fsync: sometimes")]
    [InlineData("collectors:\n  cpu:\n    interval: fast")]
    [InlineData("server:\n  compression: brotli")]
    [InlineData("server:\n  url: http://vigil.example.com")]
    [InlineData("output:\n  kind: servr")]
    public void What_the_binder_refuses_the_schema_refuses_too(string yaml)
    {
        Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", yaml));
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, yaml);
            Assert.False(Schema.Evaluate(YamlToJson(path)).IsValid);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void CollectSchemaKeys(JsonNode schema, string prefix, ISet<string> keys)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }
        foreach (var (name, child) in properties)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            keys.Add(path);
            CollectSchemaKeys(child!, path, keys);
        }
    }

    private static void CollectJsonKeys(JsonNode? node, string prefix, ISet<string> keys)
    {
        if (node is not JsonObject obj)
        {
            return;
        }
        foreach (var (name, child) in obj)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            keys.Add(path);
            CollectJsonKeys(child, path, keys);
        }
    }

    /// <summary>YAML to JSON with YAML 1.2 core-schema scalars: plain true/false/null and numbers keep their types.</summary>
    private static JsonNode? YamlToJson(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is null or "" or "null" or "~" => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when long.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
