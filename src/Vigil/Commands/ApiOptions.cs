using System.CommandLine;
using Vigil.Cli.Client;

namespace Vigil.Cli.Commands;

/// <summary>The options every API command takes, added once per command, and the client they resolve to.</summary>
public sealed class ApiOptions
{
    public Option<string?> Address { get; } = new("--addr") { Description = "Server address, e.g. https://127.0.0.1:8443 (default $VIGIL_ADDR, else the vigil dev server)" };
    public Option<string?> Token { get; } = new("--token") { Description = "API token (default $VIGIL_TOKEN, else the vigil dev admin token)" };
    public Option<string?> CaCert { get; } = new("--cacert") { Description = "CA bundle to trust the server with (default $VIGIL_CACERT, else the vigil dev CA)" };
    public Option<OutputFormat> Format { get; } = new("--format", "-f") { Description = "Output format: table or json", DefaultValueFactory = _ => OutputFormat.Table };

    public Command AddTo(Command command)
    {
        command.Options.Add(Address);
        command.Options.Add(Token);
        command.Options.Add(CaCert);
        command.Options.Add(Format);
        return command;
    }

    public VigilClient Client(ParseResult parse) =>
        new(ClientSettings.Resolve(parse.GetValue(Address), parse.GetValue(Token), parse.GetValue(CaCert)));
}
