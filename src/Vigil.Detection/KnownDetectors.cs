using Vigil.Detection.Detectors;

namespace Vigil.Detection;

/// <summary>The one place detectors are registered: a name constant and one factory line each, no scanning.</summary>
public static class KnownDetectors
{
    public const string Level = "level";
    public const string Shift = "shift";
    public const string Daily = "daily";
    public const string Spread = "spread";
    public const string Pattern = "pattern";
    public const string Burst = "burst";

    private static readonly (string Name, Func<IDetector> Create)[] Registrations =
    [
        (Level, () => new LevelDetector()),
        (Shift, () => new ShiftDetector()),
        (Daily, () => new DailyDetector()),
        (Spread, () => new SpreadDetector()),
        (Pattern, () => new PatternDetector()),
        (Burst, () => new BurstDetector()),
    ];

    /// <summary>Every registered detector, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Registrations.Select(r => r.Name)];

    /// <summary>
    /// What a series gets unless configured otherwise. <see cref="Spread"/> and <see cref="Pattern"/> are opt-in:
    /// on the NAB dev split neither improved the combined score enough to pay for the extra detector (each one
    /// added makes the Bonferroni combination stricter).
    /// </summary>
    public static IReadOnlyList<string> Default { get; } = [Level, Shift, Daily, Burst];

    public static bool IsKnown(string name) => Array.Exists(Registrations, r => r.Name == name);

    public static IDetector Create(string name)
    {
        foreach (var (registered, create) in Registrations)
        {
            if (registered == name)
            {
                return create();
            }
        }
        throw new ArgumentException($"unknown detector '{name}' (known: {string.Join(", ", Names)})", nameof(name));
    }
}
