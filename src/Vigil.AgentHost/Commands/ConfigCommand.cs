using System.CommandLine;
using System.Text.Json;
using Vigil.Agent.Configuration;
using Vigil.AgentHost.Output;

namespace Vigil.AgentHost.Commands;

/// <summary><c>vigil-agent config validate FILE</c> and <c>vigil-agent config schema</c>.</summary>
public static class ConfigCommand
{
    public static Command Build()
    {
        var command = new Command("config", "Check or describe agent configuration");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Schema());
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("FILE") { Description = "The YAML file to check" };
        var format = CommonOptions.Format();
        var command = new Command("validate", "Check a configuration file; names the file, line and key of the first problem") { file, format };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(format) == OutputFormat.Json;
            try
            {
                var options = AgentConfigLoader.Load(path, mustExist: true);
                if (asJson)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new ValidationResult(true, path, null, null, null, null), HostJsonContext.Default.ValidationResult));
                }
                else
                {
                    Console.Out.WriteLine($"{ConsoleStyle.ForStandardOutput().Green("ok")} {path}: interval {ConfigUnits.FormatDuration(options.Interval)}, spool {options.Spool.MaxBytes >> 20} MiB, output {options.Output.Kind.ToString().ToLowerInvariant()}");
                }
                return 0;
            }
            catch (ConfigException e)
            {
                if (asJson)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new ValidationResult(false, e.File, e.Line, e.Column, e.Key, e.Problem), HostJsonContext.Default.ValidationResult));
                }
                else
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                }
                return 1;
            }
        });
        return command;
    }

    private static Command Schema()
    {
        var command = new Command("schema", "Print the JSON Schema of agent.yaml (for editors and CI)");
        command.SetAction(_ =>
        {
            using var stream = typeof(ConfigCommand).Assembly.GetManifestResourceStream("agent.schema.json")
                ?? throw new InvalidOperationException("the JSON Schema is not embedded in this build");
            using var reader = new StreamReader(stream);
            Console.Out.Write(reader.ReadToEnd());
            return 0;
        });
        return command;
    }
}

public sealed record ValidationResult(bool Valid, string File, long? Line, long? Column, string? Key, string? Problem);
