using System.Text;

namespace Vigil.Agent.Actions.ConfigEditing;

/// <summary>
/// A unified diff (as <c>diff -u</c> prints it, 3 lines of context) between two texts. The common head and tail are
/// cut first, so a one-key change of a long file costs nothing; what is left is compared with a longest-common-
/// subsequence table, bounded so a wholesale rewrite shows as one replacement.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;
    private const int MaxTable = 4_000_000;

    public static string Create(string before, string after, string path)
    {
        if (before == after)
        {
            return "";
        }
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        output.Append("--- a").Append(path).Append('\n').Append("+++ b").Append(path).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Op == ' ')
            {
                i++;
                continue;
            }
            var start = Math.Max(0, i - Context);
            var end = i;
            // extend the hunk while changes are within 2 * Context of each other
            while (true)
            {
                while (end < edits.Count && edits[end].Op != ' ')
                {
                    end++;
                }
                var next = end;
                while (next < edits.Count && edits[next].Op == ' ' && next - end < 2 * Context)
                {
                    next++;
                }
                if (next < edits.Count && edits[next].Op != ' ')
                {
                    end = next;
                    continue;
                }
                end = Math.Min(edits.Count, end + Context);
                break;
            }
            var hunk = edits.GetRange(start, end - start);
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            // diff -u numbers an empty side by the line before it
            var oldStart = oldCount == 0 ? hunk[0].OldLine - 1 : hunk.First(e => e.Op != '+').OldLine;
            var newStart = newCount == 0 ? hunk[0].NewLine - 1 : hunk.First(e => e.Op != '-').NewLine;
            output.Append("@@ -").Append(oldStart).Append(',').Append(oldCount)
                .Append(" +").Append(newStart).Append(',').Append(newCount).Append(" @@\n");
            foreach (var e in hunk)
            {
                output.Append(e.Op).Append(e.Text).Append('\n');
            }
            i = end;
        }
        return output.ToString();
    }

    private readonly record struct Edit(char Op, string Text, int OldLine, int NewLine);

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }
        var edits = new List<Edit>();
        for (var k = 0; k < head; k++)
        {
            edits.Add(new Edit(' ', a[k], k + 1, k + 1));
        }
        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        if ((long)(n + 1) * (m + 1) > MaxTable)
        {
            for (var k = 0; k < n; k++)
            {
                edits.Add(new Edit('-', a[head + k], head + k + 1, head + 1));
            }
            for (var k = 0; k < m; k++)
            {
                edits.Add(new Edit('+', b[head + k], head + n + 1, head + k + 1));
            }
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
            {
                for (var y = m - 1; y >= 0; y--)
                {
                    lcs[x, y] = a[head + x] == b[head + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
                }
            }
            int p = 0, q = 0;
            while (p < n || q < m)
            {
                if (p < n && q < m && a[head + p] == b[head + q])
                {
                    edits.Add(new Edit(' ', a[head + p], head + p + 1, head + q + 1));
                    p++;
                    q++;
                }
                else if (p < n && (q == m || lcs[p + 1, q] >= lcs[p, q + 1]))
                {
                    edits.Add(new Edit('-', a[head + p], head + p + 1, head + q + 1)); // removals first, as diff -u
                    p++;
                }
                else
                {
                    edits.Add(new Edit('+', b[head + q], head + p + 1, head + q + 1));
                    q++;
                }
            }
        }
        for (var k = 0; k < tail; k++)
        {
            edits.Add(new Edit(' ', a[a.Length - tail + k], a.Length - tail + k + 1, b.Length - tail + k + 1));
        }
        return edits;
    }
}
