namespace Vigil.AgentHost.Output;

/// <summary>ANSI emphasis on a terminal, plain text into a file or pipe, none at all when NO_COLOR is set.</summary>
public sealed class ConsoleStyle
{
    private readonly bool _ansi;

    public ConsoleStyle(bool ansi)
    {
        _ansi = ansi;
    }

    public static ConsoleStyle ForStandardOutput() =>
        new(!Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>The terminal's width, or a wide page when writing to a file or pipe.</summary>
    public static int Width()
    {
        if (Console.IsOutputRedirected)
        {
            return 200;
        }
        try
        {
            return Math.Max(60, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 120;
        }
    }

    public string Bold(string text) => _ansi ? $"\u001b[1m{text}\u001b[0m" : text;

    public string Dim(string text) => _ansi ? $"\u001b[2m{text}\u001b[0m" : text;

    public string Yellow(string text) => _ansi ? $"\u001b[33m{text}\u001b[0m" : text;

    public string Red(string text) => _ansi ? $"\u001b[31m{text}\u001b[0m" : text;

    public string Green(string text) => _ansi ? $"\u001b[32m{text}\u001b[0m" : text;
}
