using Vigil.Detection.Detectors;

namespace Vigil.Detection;

/// <summary>The one place detectors are registered: a name constant and one factory line each, no scanning.</summary>
public static class KnownDetectors
{
    public const string Level = "level";
    public const string Shift = "shift";
    public const string Daily = "daily";

    private static readonly (string Name, Func<IDetector> Create)[] Registrations =
    [
        (Level, () => new LevelDetector()),
        (Shift, () => new ShiftDetector()),
        (Daily, () => new DailyDetector()),
    ];

    /// <summary>Every registered detector, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Registrations.Select(r => r.Name)];

    /// <summary>What a series gets unless configured otherwise: every detector, combined.</summary>
    public static IReadOnlyList<string> Default { get; } = Names;

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
