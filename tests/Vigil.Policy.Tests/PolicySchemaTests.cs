using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Policy.Baseline;
using YamlDotNet.RepresentationModel;

namespace Vigil.Policy.Tests;

/// <summary>The JSON Schema editors use (schemas/policy.schema.json) accepts the built-in baseline and rejects what the loader rejects.</summary>
public sealed class PolicySchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "policy.schema.json"));

    [Fact]
    public void The_built_in_baseline_is_valid_under_the_schema()
    {
        var result = Schema.Evaluate(YamlToJson(BuiltInPolicies.Text(BuiltInPolicies.DebianBaseline)), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", result.Details.Where(d => d.HasErrors).Take(10).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")));
    }

    [Theory]
    [InlineData("id: p\nchecks:\n  - {id: a, title: A, rules: [{kind: fiel, path: /x}]}\n")]
    [InlineData("id: p\nchecks:\n  - {id: a, title: A, rules: [{kind: file, path: /x, mode_mx: '0644'}]}\n")]
    [InlineData("id: p\nchecks:\n  - {id: a, title: A, severity: urgent, rules: [{kind: file, path: /x}]}\n")]
    [InlineData("id: p\nchecks: []\n")]
    public void Schema_rejects_what_the_loader_rejects(string yaml)
    {
        Assert.False(Schema.Evaluate(YamlToJson(yaml)).IsValid);
        Assert.Throws<ConfigException>(() => Loading.PolicyLoader.Load("p.yaml", yaml));
    }

    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is null or "" or "null" or "~" => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when long.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
