namespace Vigil.Agent.Configuration;

/// <summary><c>server</c>: the Vigil server batches go to when <c>output.kind</c> is <c>server</c>.</summary>
public sealed record ServerOptions
{
    /// <summary><c>url</c>: the server's base URL, <c>https://</c> only. Default: the URL the agent enrolled with.</summary>
    public Uri? Url { get; init; }
    /// <summary><c>compression</c>: <c>zstd</c> (default), <c>gzip</c> or <c>none</c>.</summary>
    public ServerCompression Compression { get; init; } = ServerCompression.Zstd;
    /// <summary><c>timeout</c>: how long one request (connect, TLS, upload, the server's commit) may take. Default 30s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public static ServerOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new ServerOptions();
        }
        var compression = map.String("compression", "zstd") switch
        {
            "zstd" => ServerCompression.Zstd,
            "gzip" => ServerCompression.Gzip,
            "none" => ServerCompression.None,
            var other => throw map.Error("compression", $"'{other}' is not one of: zstd, gzip, none"),
        };
        var options = new ServerOptions
        {
            Url = ParseUrl(map),
            Compression = compression,
            Timeout = map.Duration("timeout", TimeSpan.FromSeconds(30), min: TimeSpan.FromSeconds(1)),
        };
        if (options.Timeout > TimeSpan.FromMinutes(10))
        {
            throw map.Error("timeout", "must be at most 10m");
        }
        map.RejectUnknownKeys();
        return options;
    }

    private static Uri? ParseUrl(ConfigMap map)
    {
        var text = map.String("url");
        if (text is null)
        {
            return null;
        }
        return ServerUrl.TryParse(text, out var url, out var problem) ? url : throw map.Error("url", problem);
    }
}
