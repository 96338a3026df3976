using System.Diagnostics;
using System.Globalization;

namespace Vigil.Cli.Dev;

/// <summary>The agent <c>vigil dev</c> runs on this machine: enrolled once into the dev data folder, then started and stopped with the server.</summary>
public sealed class LocalAgent(string directory, TextWriter log) : IAsyncDisposable
{
    private Process? _process;

    public string ConfigPath => Path.Combine(directory, "agent.yaml");
    public string StateDirectory => Path.Combine(directory, "state");
    public bool IsEnrolled => File.Exists(Path.Combine(StateDirectory, "identity", "enrollment.json"));

    public void WriteConfig()
    {
        Directory.CreateDirectory(directory);
        if (!File.Exists(ConfigPath))
        {
            File.WriteAllText(ConfigPath, string.Create(CultureInfo.InvariantCulture, $"""
                # The agent `vigil dev` runs on this machine. Edit freely; the next `vigil dev` uses it.
                state_dir: {StateDirectory}
                interval: 10s
                output:
                  kind: server
                limits:
                  # `vigil dev` runs the agent under the JIT (dotnet vigil-agent.dll), which needs more memory than
                  # the NativeAOT binary the 64 MiB default is set for.
                  max_rss: 256MiB
                  max_cpu_percent: 25

                """));
        }
    }

    public async Task EnrollAsync(Uri server, string token, string caBundlePath, CancellationToken cancellationToken)
    {
        var info = AgentLocator.StartInfo("enroll", "--server", server.ToString(), "--token", token, "--ca-file", caBundlePath, "--config", ConfigPath, "--force");
        using var process = Process.Start(info) ?? throw new Client.CliException("could not start vigil-agent enroll");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new Client.CliException($"the local agent could not enroll: {(await errors.ConfigureAwait(false)).Trim()} {(await output.ConfigureAwait(false)).Trim()}");
        }
    }

    public void Start()
    {
        _process = Process.Start(AgentLocator.StartInfo("run", "--config", ConfigPath)) ?? throw new Client.CliException("could not start vigil-agent run");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine("agent | " + e.Data); } };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine("agent | " + e.Data); } };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int? ProcessId => _process?.Id;

    /// <summary>SIGTERM, so the agent drains its spool to the server, then waits; kills only if it overstays.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            Signals.Terminate(_process.Id);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
