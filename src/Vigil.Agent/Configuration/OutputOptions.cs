namespace Vigil.Agent.Configuration;

/// <summary>Where shipped batches go.</summary>
public enum OutputKind
{
    /// <summary>Keep batches in the spool only (nothing ships them yet).</summary>
    None,
    /// <summary>Newline-delimited JSON batches on standard output.</summary>
    Stdout,
    /// <summary>Newline-delimited JSON batches appended to a file.</summary>
    File,
    /// <summary>The Vigil server, over mutual TLS with the identity <c>vigil-agent enroll</c> obtained (see <c>server</c>).</summary>
    Server,
}

/// <summary><c>output</c>: the shipper's destination.</summary>
public sealed record OutputOptions
{
    /// <summary><c>kind</c>: <c>none</c> (default), <c>stdout</c>, <c>file</c> or <c>server</c>.</summary>
    public OutputKind Kind { get; init; } = OutputKind.None;
    /// <summary><c>path</c>: the file for <c>kind: file</c>.</summary>
    public string? Path { get; init; }

    public static OutputOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new OutputOptions();
        }
        var kind = map.String("kind", "none") switch
        {
            "none" => OutputKind.None,
            "stdout" => OutputKind.Stdout,
            "file" => OutputKind.File,
            "server" => OutputKind.Server,
            var other => throw map.Error("kind", $"'{other}' is not one of: none, stdout, file, server"),
        };
        var path = map.String("path");
        if (kind == OutputKind.File && string.IsNullOrWhiteSpace(path))
        {
            throw map.Error("path", "is required when kind is file");
        }
        map.RejectUnknownKeys();
        return new OutputOptions { Kind = kind, Path = path };
    }
}
