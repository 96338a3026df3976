namespace Vigil.Configuration;

/// <summary>A configuration error that names the file, line and key, e.g. <c>agent.yaml:12:5: spool.max_bytes: ...</c>.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, long line, long column, string key, string problem)
        : base(Format(file, line, column, key, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Key = key;
        Problem = problem;
    }

    public ConfigException() : this("", 0, 0, "", "invalid configuration") { }

    public ConfigException(string message) : this("", 0, 0, "", message) { }

    public ConfigException(string message, Exception inner) : base(message, inner)
    {
        File = "";
        Key = "";
        Problem = message;
    }

    public string File { get; } = "";
    public long Line { get; }
    public long Column { get; }
    /// <summary>Dotted key path, e.g. <c>collectors.cpu.interval</c>; empty for a file-level problem.</summary>
    public string Key { get; } = "";
    public string Problem { get; } = "";

    private static string Format(string file, long line, long column, string key, string problem)
    {
        var where = line > 0 ? $"{file}:{line}:{column}" : file;
        return key.Length > 0 ? $"{where}: {key}: {problem}" : $"{where}: {problem}";
    }
}
