using System.Text;

namespace Vigil.AgentHost.Output;

/// <summary>
/// A plain aligned table for the agent's CLI: a title, a header with a rule, cells that may hold several lines,
/// and the widest column wrapped to fit the terminal. Written here rather than taken from Spectre.Console because
/// that library costs the agent 1.3 MiB of resident memory, and the agent's footprint is measured against
/// node_exporter's (docs/benchmarks.md); the server's CLI is the place for richer rendering.
/// </summary>
public sealed class TextTable
{
    private const string Gap = "  ";
    private readonly string? _title;
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    public TextTable(string? title, params string[] headers)
    {
        _title = title;
        _headers = headers;
        _rightAligned = new bool[headers.Length];
    }

    public TextTable AlignRight(int column)
    {
        _rightAligned[column] = true;
        return this;
    }

    public void AddRow(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output, int width, ConsoleStyle style)
    {
        var widths = new int[_headers.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = _rows.Select(r => LongestLine(Cell(r, c))).Prepend(_headers[c].Length).Max();
        }
        Fit(widths, width);

        if (_title is not null)
        {
            output.WriteLine();
            output.WriteLine(style.Bold(_title));
        }
        if (_headers.Any(h => h.Length > 0))
        {
            WriteLine(output, _headers, widths, style, header: true);
            output.WriteLine(new string('─', Math.Min(width, widths.Sum() + (Gap.Length * (widths.Length - 1)))));
        }
        foreach (var row in _rows)
        {
            WriteLine(output, row, widths, style, header: false);
        }
    }

    /// <summary>Shrinks the widest columns until the table fits, never below 8 characters.</summary>
    private static void Fit(int[] widths, int width)
    {
        var available = width - (Gap.Length * (widths.Length - 1));
        while (widths.Sum() > available)
        {
            var widest = Array.IndexOf(widths, widths.Max());
            if (widths[widest] <= 8)
            {
                return;
            }
            widths[widest]--;
        }
    }

    private void WriteLine(TextWriter output, string[] cells, int[] widths, ConsoleStyle style, bool header)
    {
        var wrapped = new List<string>[widths.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            wrapped[c] = Wrap(Cell(cells, c), widths[c]);
        }
        var height = wrapped.Max(w => w.Count);
        var line = new StringBuilder();
        for (var i = 0; i < height; i++)
        {
            line.Clear();
            for (var c = 0; c < widths.Length; c++)
            {
                var text = i < wrapped[c].Count ? wrapped[c][i] : "";
                var padded = _rightAligned[c] ? text.PadLeft(widths[c]) : text.PadRight(widths[c]);
                line.Append(header ? style.Bold(padded) : c == 1 && widths.Length > 2 ? style.Dim(padded) : padded);
                if (c < widths.Length - 1)
                {
                    line.Append(Gap);
                }
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    private static string Cell(string[] cells, int column) => column < cells.Length ? cells[column] : "";

    private static int LongestLine(string text) => text.Split('\n').Max(l => l.Length);

    /// <summary>Breaks at spaces where it can, mid-word where it must.</summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var rest = paragraph;
            while (rest.Length > width)
            {
                var cut = rest.LastIndexOf(' ', width);
                cut = cut <= 0 ? width : cut;
                lines.Add(rest[..cut]);
                rest = rest[cut..].TrimStart();
            }
            lines.Add(rest);
        }
        return lines;
    }
}
