using System.CommandLine;
using System.Text.Json;
using Vigil.Agent;
using Vigil.Agent.Configuration;
using Vigil.AgentHost.Output;
using Vigil.Protocol;

namespace Vigil.AgentHost.Commands;

/// <summary><c>vigil-agent run</c>: the daemon, or with <c>--once</c> one snapshot to stdout.</summary>
public static class RunCommand
{
    public static Command Build()
    {
        var config = CommonOptions.Config();
        var once = new Option<bool>("--once") { Description = "Collect one snapshot (two passes 1 s apart, so rates are real), print it and exit" };
        var format = CommonOptions.Format();
        var command = new Command("run", "Run the agent: collect on schedule, spool durably, ship; SIGTERM drains and exits") { config, once, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            AgentOptions options;
            try
            {
                options = ConfigLoading.Load(parse.GetValue(config));
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return parse.GetValue(once)
                ? await RunOnceAsync(options, parse.GetValue(format), cancellationToken).ConfigureAwait(false)
                : await Daemon.RunAsync(options, parse.GetValue(config) ?? AgentOptions.DefaultPath).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunOnceAsync(AgentOptions options, OutputFormat format, CancellationToken cancellationToken)
    {
        var agent = VigilAgent.Create(options);
        var records = await agent.CollectSnapshotAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        if (format == OutputFormat.Json)
        {
            var batch = new Batch
            {
                AgentId = options.AgentId ?? "local",
                CreatedUnixMs = agent.Time.GetUtcNow().ToUnixTimeMilliseconds(),
                Records = records,
            };
            using var stdout = Console.OpenStandardOutput();
            await JsonSerializer.SerializeAsync(stdout, batch, ProtocolJsonContext.Default.Batch, cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SnapshotTable.Write(Console.Out, records, ConsoleStyle.Width(), ConsoleStyle.ForStandardOutput());
        }
        return 0;
    }
}
