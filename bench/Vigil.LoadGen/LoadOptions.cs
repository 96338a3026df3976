using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>The command line: which server, how many agents, for how long, and where the measurements go.</summary>
public sealed record LoadOptions
{
    public required Uri Server { get; init; }
    public required string AdminToken { get; init; }
    public required string CaBundlePath { get; init; }
    public required int Agents { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Agents join over this long (0: all in the first interval, as after a server restart).</summary>
    public TimeSpan Ramp { get; init; } = TimeSpan.Zero;
    public required string IdentitiesDirectory { get; init; }
    public string? DatabasePath { get; init; }
    public int? ServerPid { get; init; }
    public string? ResultPath { get; init; }
    public string FixturePath { get; init; } = Path.Combine(AppContext.BaseDirectory, "batch-fixture.json");
    public int ApiSamples { get; init; } = 50;
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public const string Usage = """
        usage: Vigil.LoadGen --server URL --token ADMIN --cacert PEM --agents N --identities DIR
                             [--duration 120s] [--warmup 30s] [--interval 10s] [--ramp 0s] [--db PATH] [--server-pid PID]
                             [--out RESULT.json] [--fixture BATCH.json] [--api-samples 50] [--ack-timeout 30s]
        """;

    /// <exception cref="ArgumentException">A missing or malformed option, named.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"'{name}' is not an option with a value");
            }
            values[name[2..]] = args[++i];
        }
        string Required(string key) => values.Remove(key, out var v) ? v : throw new ArgumentException($"--{key} is required");
        string? Optional(string key) => values.Remove(key, out var v) ? v : null;

        var server = Required("server");
        var options = new LoadOptions
        {
            Server = Uri.TryCreate(server, UriKind.Absolute, out var url) && url.Scheme == "https" ? url : throw new ArgumentException($"--server: '{server}' is not an https URL"),
            AdminToken = Required("token"),
            CaBundlePath = Required("cacert"),
            Agents = PositiveInt("agents", Required("agents")),
            IdentitiesDirectory = Required("identities"),
            DatabasePath = Optional("db"),
            ServerPid = Optional("server-pid") is { } pid ? PositiveInt("server-pid", pid) : null,
            ResultPath = Optional("out"),
        };
        options = options with
        {
            Duration = Optional("duration") is { } d ? ParseDuration("duration", d) : options.Duration,
            Warmup = Optional("warmup") is { } w ? ParseDuration("warmup", w, allowZero: true) : options.Warmup,
            Interval = Optional("interval") is { } iv ? ParseDuration("interval", iv) : options.Interval,
            Ramp = Optional("ramp") is { } ramp ? ParseDuration("ramp", ramp, allowZero: true) : options.Ramp,
            FixturePath = Optional("fixture") ?? options.FixturePath,
            ApiSamples = Optional("api-samples") is { } s ? PositiveInt("api-samples", s) : options.ApiSamples,
            AckTimeout = Optional("ack-timeout") is { } t ? ParseDuration("ack-timeout", t) : options.AckTimeout,
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option --{values.Keys.First()}");
        }
        return options;
    }

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name}: '{text}' is not a positive whole number");

    /// <summary>A number with a unit: ms, s, m or h (e.g. 120s, 2m).</summary>
    private static TimeSpan ParseDuration(string name, string text, bool allowZero = false)
    {
        var units = new (string Suffix, double Ms)[] { ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000) };
        foreach (var (suffix, ms) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                && (number > 0 || (allowZero && number == 0)))
            {
                return TimeSpan.FromMilliseconds(number * ms);
            }
        }
        throw new ArgumentException($"--{name}: '{text}' is not a duration like 500ms, 30s, 2m or 1h");
    }
}
