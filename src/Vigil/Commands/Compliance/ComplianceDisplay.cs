using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Compliance;

/// <summary>How compliance values read in tables: scores as percentages, statuses coloured, effective status beside the observed one.</summary>
internal static class ComplianceDisplay
{
    public static string Score(JsonNode? score) => Display.Number(score) is { } v ? $"[{(v >= 0.9 ? "green" : v >= 0.7 ? "yellow" : "red")}]{Display.Percent(score)}[/]" : "–";

    public static string Status(string status) => status switch
    {
        "pass" or "succeeded" => "[green]" + status + "[/]",
        "fail" or "error" or "failed" or "rejected" => "[red]" + status + "[/]",
        "excepted" or "false_positive" or "awaiting_approval" => "[yellow]" + status + "[/]",
        _ => Markup.Escape(status),
    };

    public static string Effective(JsonNode result)
    {
        var status = Display.Text(result["status"]);
        var effective = Display.Text(result["effective"]);
        return effective == status ? Status(status) : $"{Status(status)} → {Status(effective)}";
    }

    public static string Counts(JsonNode n) =>
        $"{n["pass"]} pass, {n["fail"]} fail, {n["error"]} error, {n["not_applicable"]} n/a, {n["excepted"]} excepted, {n["false_positive"]} false positive";

    public static string Query(params (string Key, string? Value)[] pairs)
    {
        var given = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }

    public static string Shorten(string text, int max = 60) => text.Length <= max ? text : text[..max] + "…";
}
