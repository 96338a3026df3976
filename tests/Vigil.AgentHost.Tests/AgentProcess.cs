using System.Diagnostics;
using System.Text;

namespace Vigil.AgentHost.Tests;

/// <summary>
/// A real vigil-agent process (the built assembly under <c>dotnet</c>), with its output captured, bounded waits,
/// and a guaranteed kill on dispose so a failing test leaves nothing running.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private AgentProcess(Process process)
    {
        _process = process;
    }

    /// <summary>
    /// The agent as its own project built it: its folder holds exactly its dependencies, while this test project's
    /// folder resolves some of them (logging abstractions) to the ASP.NET Core framework the in-test server uses,
    /// which vigil-agent, a base-framework app, cannot load.
    /// </summary>
    public static string AgentDll { get; } = FindAgentDll();

    private static string FindAgentDll()
    {
        // bin/CONFIGURATION/TFM of this test project mirrors the agent's own output folder.
        var relative = Path.GetRelativePath(Path.Combine(Vigil.Agent.Tests.RepositoryFiles.Root, "tests", "Vigil.AgentHost.Tests"), AppContext.BaseDirectory);
        var own = Path.Combine(Vigil.Agent.Tests.RepositoryFiles.Root, "src", "Vigil.AgentHost", relative, "vigil-agent.dll");
        return File.Exists(own) ? own : throw new FileNotFoundException($"vigil-agent is not built at {own}");
    }

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static AgentProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        // VIGIL_AGENT_BINARY=artifacts/agent/vigil-agent runs these tests against the NativeAOT build instead.
        var binary = Environment.GetEnvironmentVariable("VIGIL_AGENT_BINARY");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(binary) ? "dotnet" : Path.GetFullPath(binary))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(binary))
        {
            info.ArgumentList.Add(AgentDll);
        }
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        var process = new Process { StartInfo = info };
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return; // end of stream
            }
            lock (agent._stdout)
            {
                agent._stdout.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (agent._stderr)
            {
                agent._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Runs to completion (bounded) and returns the exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var agent = Start(null, args);
        var code = agent.WaitForExit(TimeSpan.FromSeconds(60));
        return (code, agent.Stdout, agent.Stderr);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"vigil-agent did not exit within {timeout}; stderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"vigil-agent exited ({_process.ExitCode}) while waiting for {what}; stderr:\n{Stderr}");
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}; stderr:\n{Stderr}");
            }
            Thread.Sleep(50);
        }
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    public const int SIGTERM = 15;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
