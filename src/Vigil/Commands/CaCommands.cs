using System.CommandLine;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil ca rotate|finish-rotation</c>: replace the CA without re-enrolling agents.</summary>
public static class CaCommands
{
    public static Command Build()
    {
        var ca = new Command("ca", "The server's certificate authority");
        ca.Subcommands.Add(Step("rotate", "/api/v1/ca/rotate",
            "Start a rotation: a new CA signs agent certificates; agents pick it up when they next renew (both CAs trusted meanwhile)"));
        ca.Subcommands.Add(Step("finish-rotation", "/api/v1/ca/finish-rotation",
            "Finish a rotation once agents have renewed: the server's certificate moves to the new CA and the old CA is dropped"));
        return ca;
    }

    private static Command Step(string name, string path, string description)
    {
        var api = new ApiOptions();
        var command = api.AddTo(new Command(name, description));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.PostAsync(path, null, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup(
                $"CA generation {Display.Text(json["generation"])} ({Markup.Escape(Display.Text(json["pin"]))}), trust bundle version {Display.Text(json["trust_version"])}\n"));
        });
        return command;
    }
}
