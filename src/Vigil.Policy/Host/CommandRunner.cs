using System.Diagnostics;
using System.Text;

namespace Vigil.Policy.Host;

/// <summary>
/// Runs an allowlisted command with no shell, stdin closed, output capped at 1 MiB, and a timeout after which the
/// whole process is killed. A command outside the allowlist is not started.
/// </summary>
public static class CommandRunner
{
    private const int MaxOutputChars = 1024 * 1024;

    public static CommandOutput Run(CommandAllowlist allowlist, string commandLine)
    {
        var line = CommandAllowlist.Normalise(commandLine);
        if (!allowlist.Allows(line))
        {
            return new CommandOutput(null, -1, $"'{line}' is not in this host's command allowlist", Disallowed: true);
        }
        var argv = line.Split(' ');
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process started");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new CommandOutput(null, -1, $"could not start '{argv[0]}': {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = new StringBuilder();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(allowlist.Timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // it exited just now
                }
                process.WaitForExit();
                return new CommandOutput(null, -1, $"timed out after {Vigil.Configuration.ConfigUnits.FormatDuration(allowlist.Timeout)}", TimedOut: true);
            }
            process.WaitForExit();
            output.Append(stdout.GetAwaiter().GetResult());
            var err = stderr.GetAwaiter().GetResult();
            if (err.Length > 0)
            {
                output.Append('\n').Append(err);
            }
            var text = output.Length > MaxOutputChars ? output.ToString(0, MaxOutputChars) : output.ToString();
            return new CommandOutput(text.TrimEnd('\n', '\r'), process.ExitCode, null);
        }
    }
}
