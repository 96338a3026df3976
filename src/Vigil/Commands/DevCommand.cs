using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Cli.Client;
using Vigil.Cli.Dev;
using Vigil.Server;
using Vigil.Server.Auth;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil dev</c>: a server with the embedded store in a local data folder, HTTPS on loopback with a CA made on first
/// start, and this machine's agent enrolled and running — the whole product in one command. Ctrl-C stops both; the
/// next start keeps the data.
/// </summary>
public static class DevCommand
{
    public static Command Build(TimeProvider time)
    {
        var data = new Option<string?>("--data") { Description = "Data folder (default $XDG_DATA_HOME/vigil/dev or ~/.local/share/vigil/dev)" };
        var listen = new Option<string>("--listen") { Description = "Address and port for HTTPS", DefaultValueFactory = _ => "127.0.0.1:8443" };
        var noAgent = new Option<bool>("--no-agent") { Description = "Do not start a local agent" };
        var command = new Command("dev", "Run a development server with a local agent: one command, data kept between runs") { data, listen, noAgent };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data) is { } path ? new DevDataFolder(Path.GetFullPath(path)) : DevDataFolder.Default;
            var endpoint = ListenAddress.Parse(parse.GetValue(listen)!, "--listen");
            return await RunAsync(folder, endpoint, !parse.GetValue(noAgent), time, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(DevDataFolder folder, IPEndPoint endpoint, bool withAgent, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Path);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var options = new ServerOptions { Listen = [endpoint], DataDirectory = folder.Path, ServerNames = [endpoint.Address.ToString()] };
        var app = await ServerRuntime.StartAsync(options, stop.Token).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            var store = app.Services.GetRequiredService<IServerStore>();
            var pki = app.Services.GetRequiredService<ServerPki>();
            var token = await DevAdminToken.EnsureAsync(store, folder.AdminTokenPath, time, stop.Token).ConfigureAwait(false);
            var host = endpoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
            var address = new Uri($"https://{host}:{endpoint.Port}/");
            PemFiles.WriteAtomic(folder.AddressPath, address.GetLeftPart(UriPartial.Authority) + "\n", secret: false);

            var output = Console.Out;
            output.WriteLine("Vigil dev server: the embedded store and a CA live in " + folder.Path);
            output.WriteLine();
            output.WriteLine($"  export VIGIL_ADDR={address.GetLeftPart(UriPartial.Authority)}");
            output.WriteLine($"  export VIGIL_TOKEN={token}");
            output.WriteLine($"  export VIGIL_CACERT={pki.CaBundlePath}");
            output.WriteLine();
            output.WriteLine($"  dashboard: {address}#token={token}");
            output.WriteLine($"  (the browser will not know the dev CA: accept the warning, or import {pki.CaBundlePath})");
            output.WriteLine($"  then, in another terminal: vigil hosts · vigil host {Dns.GetHostName()} · vigil metrics {Dns.GetHostName()} system.cpu.utilization");
            output.WriteLine();

            await using var agent = new LocalAgent(folder.AgentDirectory, output);
            if (withAgent)
            {
                agent.WriteConfig();
                if (!agent.IsEnrolled)
                {
                    var enrollment = TokenSecret.New(TokenSecret.EnrollmentKind);
                    var now = time.GetUtcNow();
                    await store.Tokens.CreateEnrollmentTokenAsync(new EnrollmentToken
                    {
                        Id = enrollment.Id,
                        SecretHash = enrollment.Hash(),
                        Labels = new Dictionary<string, string> { ["env"] = "dev" },
                        CreatedAt = now,
                        ExpiresAt = now.AddMinutes(10),
                    }, stop.Token).ConfigureAwait(false);
                    await agent.EnrollAsync(address, enrollment.ToString(), pki.CaBundlePath, stop.Token).ConfigureAwait(false);
                    output.WriteLine("enrolled the local agent");
                }
                agent.Start();
                output.WriteLine($"local agent running (pid {agent.ProcessId}); Ctrl-C stops everything");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("stopping…");
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
