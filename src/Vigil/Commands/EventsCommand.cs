using System.CommandLine;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil events</c>: the event log, newest first.</summary>
public static class EventsCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var type = new Option<string?>("--type") { Description = "Exact type or prefix with *, e.g. dev.vigil.host.*" };
        var host = new Option<string?>("--host") { Description = "Only events about this host" };
        var since = new Option<string?>("--since") { Description = "How far back, e.g. 24h" };
        var limit = new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 50 };
        var command = api.AddTo(new Command("events", "List events (CloudEvents): enrollments, silence, failing collectors, drift, expiring certificates") { type, host, since, limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var query = $"limit={parse.GetValue(limit)}"
                + (parse.GetValue(type) is { } t ? "&type=" + Uri.EscapeDataString(t) : "")
                + (parse.GetValue(host) is { } h ? "&host=" + Uri.EscapeDataString(h) : "")
                + (parse.GetValue(since) is { } s ? "&since=" + Uri.EscapeDataString(s) : "");
            var json = await client.GetAsync("/api/v1/events?" + query, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("TIME", "TYPE", "SUBJECT", "DATA");
                foreach (var e in json["events"]!.AsArray())
                {
                    var data = e!["data"]?.ToJsonString() ?? "";
                    table.AddRow(Display.Ago(e["time"], now), Markup.Escape(Display.Text(e["type"]).Replace("dev.vigil.", "", StringComparison.Ordinal)),
                        Markup.Escape(Display.Text(e["subject"])), Markup.Escape(data.Length > 100 ? data[..100] + "…" : data));
                }
                return table;
            });
        });
        return command;
    }
}
