namespace Vigil.Detection.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void The_defaults_are_valid() => DetectionOptions.Default.Validate();

    [Theory]
    [InlineData("threshold")]
    [InlineData("detectors")]
    [InlineData("close_after")]
    [InlineData("open_after")]
    public void Validate_names_the_bad_key(string field)
    {
        var options = field switch
        {
            "threshold" => DetectionOptions.Default with { Threshold = 1.5 },
            "detectors" => DetectionOptions.Default with { Detectors = ["level", "holt-winters"] },
            "close_after" => DetectionOptions.Default with { CloseAfter = 0 },
            _ => DetectionOptions.Default with { OpenAfter = 0 },
        };
        var error = Assert.Throws<ArgumentException>(() => options.Validate("detection.rules[2]"));
        Assert.StartsWith($"detection.rules[2].{field}:", error.Message);
    }
}
