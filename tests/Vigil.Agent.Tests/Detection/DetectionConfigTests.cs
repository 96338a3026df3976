using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Detection;

public sealed class DetectionConfigTests
{
    [Theory]
    [InlineData("detection:\n  rules:\n    - detectors: [level]\n", "detection.rules[0].match", "is required")]
    [InlineData("detection:\n  rules:\n    - match: \"x.*\"\n      detectors: [level, holt]\n", "detection.rules[0].detectors", "unknown detector 'holt'")]
    [InlineData("detection:\n  rules:\n    - match: \"x.*\"\n      sensitivity: extreme\n", "detection.rules[0].sensitivity", "'extreme' is not one of low, normal, high")]
    [InlineData("detection:\n  max_series: 0\n", "detection.max_series", "")]
    [InlineData("detection:\n  rules:\n    - match: \"x.*\"\n      threshold: 0.9\n", "detection.rules[0].threshold", "")]
    public void Bad_detection_keys_are_refused_naming_file_line_and_key(string yaml, string key, string problem)
    {
        var error = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", yaml));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("agent.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patterns_match_by_wildcard_and_the_first_matching_rule_wins()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", """
            detection:
              rules:
                - match: "system.*.io"
                  sensitivity: high
                - match: "system.*"
                  sensitivity: low
            """).Detection;
        Assert.Equal(DetectionSensitivity.High, options.For("system.disk.io").Sensitivity);
        Assert.Equal(DetectionSensitivity.Low, options.For("system.disk.operations").Sensitivity);
        Assert.Equal(DetectionSensitivity.Normal, options.For("process.cpu.time").Sensitivity);
    }
}
