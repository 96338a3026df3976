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

    public static string AgentDll => Path.Combine(AppContext.BaseDirectory, "vigil-agent.dll");

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
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AgentDll);
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
