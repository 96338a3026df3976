using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Cli.Client;
using Vigil.Cli.Dev;
using Vigil.Configuration;
using Vigil.Server;
using Vigil.Server.Auth;
using Vigil.Server.Configuration;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil server --config FILE</c>: the production server. On the very first start (no API token exists yet) it
/// creates one admin token and writes it to DATA/initial-admin.token (0600) — like Vault's root token: use it to
/// create your own tokens, then revoke it.
/// </summary>
public static class ServerCommand
{
    public static Command Build(TimeProvider time)
    {
        var config = new Option<string>("--config", "-c") { Description = $"Configuration file (default {ServerConfigLoader.DefaultPath}; deploy/server.yaml lists every key)", DefaultValueFactory = _ => ServerConfigLoader.DefaultPath };
        var check = new Option<bool>("--check") { Description = "Validate the configuration and exit" };
        var command = new Command("server", "Run the Vigil server: ingest, store, API and dashboard over HTTPS") { config, check };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(config)!;
            ServerOptions options;
            try
            {
                options = path == ServerConfigLoader.DefaultPath && !File.Exists(path) ? new ServerOptions() : ServerConfigLoader.Load(path);
            }
            catch (ConfigException e)
            {
                throw new CliException(e.Message, exitCode: 2);
            }
            if (parse.GetValue(check))
            {
                Console.Out.WriteLine($"{path}: ok");
                return 0;
            }
            return await RunAsync(options, time, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var app = await ServerRuntime.StartAsync(options, stop.Token).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            var store = app.Services.GetRequiredService<IServerStore>();
            var pki = app.Services.GetRequiredService<ServerPki>();
            if ((await store.Tokens.ListApiTokensAsync(stop.Token).ConfigureAwait(false)).Count == 0)
            {
                var secret = TokenSecret.New(TokenSecret.ApiKind);
                await store.Tokens.CreateApiTokenAsync(new ApiToken { Id = secret.Id, Name = "initial-admin", Role = Role.Admin, SecretHash = secret.Hash(), CreatedAt = time.GetUtcNow() }, stop.Token).ConfigureAwait(false);
                var tokenPath = Path.Combine(options.DataDirectory, "initial-admin.token");
                PemFiles.WriteAtomic(tokenPath, secret + "\n", secret: true);
                Console.Out.WriteLine($"first start: an admin API token was written to {tokenPath} (create your own with `vigil api-token create`, then revoke this one)");
            }
            Console.Out.WriteLine($"vigil server listening on {string.Join(", ", options.Listen)}; data {options.DataDirectory}; CA pin {pki.Issuing.Pin}");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
