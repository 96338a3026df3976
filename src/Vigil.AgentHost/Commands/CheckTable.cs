using Vigil.AgentHost.Output;
using Vigil.Policy.Model;
using Vigil.Policy.Results;

namespace Vigil.AgentHost.Commands;

/// <summary>The readable form of <c>check run</c>: failures and errors first, then the rest, and a summary per policy.</summary>
public static class CheckTable
{
    private static readonly string[] Order = [CheckStatusNames.Fail, CheckStatusNames.Error, CheckStatusNames.Pass, CheckStatusNames.NotApplicable];

    public static void Write(List<PolicyResult> results)
    {
        var style = ConsoleStyle.ForStandardOutput();
        var output = Console.Out;
        foreach (var policy in results)
        {
            var table = new TextTable($"{policy.Title} ({policy.Policy} {policy.Version}, sha256 {policy.ContentHash[..12]})", "Status", "Check", "Title", "Observed");
            foreach (var r in policy.Results.OrderBy(r => Array.IndexOf(Order, r.Status)))
            {
                table.AddRow(r.Status.Replace('_', ' '), r.Check, r.Title, r.Observed);
            }
            table.Write(output, ConsoleStyle.Width(), style);
            foreach (var note in policy.Untranslated)
            {
                output.WriteLine(style.Yellow("not translated: ") + note);
            }
            var s = CheckCommand.Summary([policy]);
            output.WriteLine();
            output.WriteLine($"{s["total"]} checks: {style.Green($"{s[CheckStatusNames.Pass]} passed")}, "
                + $"{(s[CheckStatusNames.Fail] > 0 ? style.Red($"{s[CheckStatusNames.Fail]} failed") : "0 failed")}, "
                + $"{s[CheckStatusNames.NotApplicable]} not applicable, "
                + $"{(s[CheckStatusNames.Error] > 0 ? style.Yellow($"{s[CheckStatusNames.Error]} errors") : "0 errors")} "
                + style.Dim($"in {(policy.Finished - policy.Started).TotalSeconds:0.00}s on {policy.Host}"));
        }
    }
}
