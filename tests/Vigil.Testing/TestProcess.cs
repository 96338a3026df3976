using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Testing;

/// <summary>
/// A real child process (a built .NET assembly under <c>dotnet</c>) with its output captured, bounded waits, signals
/// by PID, and a guaranteed kill on dispose so a failing test leaves nothing running.
/// </summary>
public sealed partial class TestProcess : IDisposable
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly string _name;

    private TestProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and error interleaved, as lines arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard output alone (what a command prints as its result, e.g. <c>--format json</c>), without the progress and errors on standard error.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _standardOutput.ToString();
            }
        }
    }

    public static TestProcess Start(string assembly, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        // A path without .dll is a native executable (a NativeAOT build), run directly rather than under dotnet.
        var native = !assembly.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(native ? Path.GetFullPath(assembly) : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!native)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        }
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        var process = new Process { StartInfo = info };
        var child = new TestProcess(process, Path.GetFileNameWithoutExtension(assembly));
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (child._output)
            {
                child._output.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += append;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._output)
                {
                    child._standardOutput.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to completion (bounded) and returns the exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string assembly, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var child = Start(assembly, environment, args);
        var code = child.WaitForExit(TimeSpan.FromSeconds(90));
        return (code, child.Output);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"{_name} did not exit within {timeout}; output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; fails early if the process exits.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited ({_process.ExitCode}) while waiting for {what}; output:\n{Output}");
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}; {_name} output:\n{Output}");
            }
            Thread.Sleep(100);
        }
    }

    public void WaitForOutput(string text, TimeSpan timeout) =>
        WaitUntil(() => Output.Contains(text, StringComparison.Ordinal), timeout, $"'{text}' in the output");

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    /// <summary>SIGKILL and wait: the process gets no chance to flush or clean up.</summary>
    public void KillHard()
    {
        Signal(SIGKILL);
        _process.WaitForExit(10_000);
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
