using Vigil.Detection;

namespace Vigil.Agent.Configuration;

/// <summary>One entry of <c>detection.rules</c>: which series it covers and how they are watched.</summary>
public sealed record DetectionRule
{
    public static DetectionRule Default { get; } = new() { Match = "*" };

    /// <summary><c>match</c>: metric name pattern; <c>*</c> matches any run of characters, e.g. <c>system.network.*</c>. Required.</summary>
    public required string Match { get; init; }
    /// <summary><c>enabled</c>: false turns detection off for these series. Default true.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary><c>detectors</c>: names from docs/detection.md (level, shift, daily, burst, spread, pattern). Default level, shift, daily, burst.</summary>
    public IReadOnlyList<string> Detectors { get; init; } = KnownDetectors.Default;
    /// <summary><c>sensitivity</c>: low, normal or high: the score at which an anomaly opens. Default normal.</summary>
    public DetectionSensitivity Sensitivity { get; init; } = DetectionSensitivity.Normal;

    /// <summary>The detection library's options for a series under this rule.</summary>
    public Vigil.Detection.DetectionOptions Options { get; private init; } = Vigil.Detection.DetectionOptions.Default;

    public bool Matches(string metric) => Glob(Match, metric);

    public static DetectionRule Bind(ConfigMap map)
    {
        var match = map.String("match") ?? throw map.KeyError("match", "is required (a metric name pattern such as system.cpu.*)");
        var detectors = map.StringList("detectors", KnownDetectors.Default);
        var sensitivity = map.String("sensitivity", "normal") switch
        {
            "low" => DetectionSensitivity.Low,
            "normal" => DetectionSensitivity.Normal,
            "high" => DetectionSensitivity.High,
            var other => throw map.Error("sensitivity", $"'{other}' is not one of low, normal, high"),
        };
        var options = Vigil.Detection.DetectionOptions.Default with { Detectors = detectors, Threshold = ThresholdOf(sensitivity) };
        try
        {
            options.Validate("detectors");
        }
        catch (ArgumentException e)
        {
            throw map.Error("detectors", e.Message["detectors.detectors: ".Length..]);
        }
        var rule = new DetectionRule
        {
            Match = match,
            Enabled = map.Bool("enabled", true),
            Detectors = detectors,
            Sensitivity = sensitivity,
            Options = options,
        };
        map.RejectUnknownKeys();
        return rule;
    }

    /// <summary>normal is the threshold the NAB score is measured at; low alarms ten times less often, high about twice as often.</summary>
    public static double ThresholdOf(DetectionSensitivity sensitivity) => sensitivity switch
    {
        DetectionSensitivity.Low => 0.9995,
        DetectionSensitivity.High => 0.99,
        _ => Vigil.Detection.DetectionOptions.DefaultThreshold,
    };

    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
