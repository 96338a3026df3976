using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server;
using Vigil.Server.Storage;
using Vigil.Server.Storage.Sqlite;

namespace Vigil.Cli.Dev;

/// <summary>Builds the server with the embedded SQLite store and opens the store before the first request.</summary>
public static class ServerRuntime
{
    public static async Task<WebApplication> StartAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        var app = ServerHost.Build(options, services => new SqliteServerStore(
            options.DatabasePath,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Vigil.Store"),
            new SqliteStoreOptions { Synchronous = options.DurableCommits ? SqliteSynchronous.Full : SqliteSynchronous.Normal }));
        var store = app.Services.GetRequiredService<IServerStore>();
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new Client.CliException($"{string.Join(", ", options.Listen)} is already in use; pass --listen ADDR:PORT");
        }
        return app;
    }
}
