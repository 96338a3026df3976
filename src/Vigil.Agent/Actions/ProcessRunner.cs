using System.Diagnostics;
using System.Text;

namespace Vigil.Agent.Actions;

/// <summary>
/// Runs a program by absolute path with an exact argv (never a shell), no stdin, a timeout that kills the whole
/// process tree, and stdout/stderr each kept to at most a bound (the rest is read and dropped, so the child never
/// blocks on a full pipe).
/// </summary>
public static class ProcessRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr, bool Truncated, bool TimedOut, TimeSpan Elapsed);

    public static async Task<Outcome> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, int maxBytesPerStream, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LC_ALL"] = "C";
        var began = time.GetTimestamp();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run {argv[0]}: {e.Message}", e);
        }
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, maxBytesPerStream);
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream, maxBytesPerStream);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var (outText, outCut) = await stdout.ConfigureAwait(false);
        var (errText, errCut) = await stderr.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new Outcome(process.ExitCode, outText, errText, outCut || errCut, timedOut, time.GetElapsedTime(began));
    }

    private static async Task<(string Text, bool Truncated)> ReadBoundedAsync(Stream stream, int max)
    {
        var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = max - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(buffer, 0, Math.Min(room, read));
            }
            truncated |= read > room;
        }
        return (Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), truncated);
    }
}
