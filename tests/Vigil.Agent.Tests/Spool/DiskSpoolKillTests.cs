using System.Diagnostics;
using System.Globalization;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Agent.SpoolWriter;
using Xunit.Abstractions;
using static Vigil.Agent.Tests.Spool.TempSpool;

namespace Vigil.Agent.Tests.Spool;

/// <summary>
/// kill -9 of a real process in the middle of appending (tests/Vigil.Agent.SpoolWriter): whatever the writer
/// reported as appended must be in the spool afterwards, intact, and nothing else may be misread.
/// </summary>
public sealed class DiskSpoolKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>When the test pulls the trigger.</summary>
    public enum KillPoint
    {
        /// <summary>As soon as the writer reported enough appends: wherever it happens to be (usually between appends or in fsync).</summary>
        Anywhere,
        /// <summary>
        /// Once the segment file for a large append exists: before, during or just after its one write. (Waiting
        /// for the file to grow instead comes too late: copying a megabyte into the page cache beats the test's
        /// stat-and-kill.) In practice this cuts the record short in about half of the runs.
        /// </summary>
        SegmentCreated,
    }

    [Fact]
    public async Task Every_batch_a_killed_writer_reported_survives_intact_and_sequences_continue_above_it()
    {
        using var dir = new TempSpool(SpoolWriterOptions.For(FsyncPolicy.Always));
        var issued = 0L;
        var runs = new[]
        {
            ("always", 37, KillPoint.Anywhere),
            ("never", 200, KillPoint.SegmentCreated),
            ("always", 523, KillPoint.Anywhere),
            ("never", 61, KillPoint.SegmentCreated),
            ("always", 90, KillPoint.SegmentCreated),
        };
        foreach (var (fsync, count, when) in runs)
        {
            var run = await RunAndKill(dir.Directory, fsync, count, when);

            Assert.True(run.Opened > issued, $"the writer started at {run.Opened}, but {issued} was already issued");
            using var spool = dir.Open();
            var batches = ReadAll(spool);
            Assert.All(batches, b => Assert.True(SpoolWriterPayload.Matches(b.Sequence, b.Payload.Span), $"batch {b.Sequence} misread"));
            Assert.Equal(batches.Select(b => b.Sequence).Order().Distinct(), Sequences(batches));
            var thisRun = batches.Where(b => b.Sequence >= run.Opened).Select(b => b.Sequence).ToArray();
            // Contiguous from the first append; holds every reported sequence and at most one more (appended, not yet printed).
            Assert.Equal(Range(run.Opened, run.Opened + thisRun.Length - 1), thisRun);
            Assert.InRange(thisRun[^1], run.Reported[^1], run.Reported[^1] + 1);
            Assert.Equal(run.Reported, thisRun.Take(run.Reported.Count));
            Assert.Empty(spool.Recovery.SetAside);
            output.WriteLine($"{fsync}, {when}: killed after {run.Reported.Count} reported appends from {run.Opened}; " +
                $"{thisRun.Length} in the spool; torn tails cut {spool.Recovery.TornTails} ({spool.Recovery.TornBytesDiscarded} bytes)");

            // The shipper's progress survives the next kill too.
            var ackThrough = thisRun[thisRun.Length / 2];
            spool.Acknowledge(ackThrough);
            Assert.True(spool.NextSequence > thisRun[^1]);
            AppendMany(spool, 1);
            issued = spool.NextSequence - 1;
            Assert.Equal(issued, ReadAll(spool)[^1].Sequence);
            Assert.DoesNotContain(ReadAll(spool), b => b.Sequence <= ackThrough);
        }
    }

    private sealed record Run(long Opened, List<long> Reported);

    /// <summary>
    /// Starts the writer, waits until it reported <paramref name="count"/> appends, then SIGKILLs it. For the other
    /// kill points the writer pauses before each large append until told to go on; past the count, the test tells it
    /// and watches that append's new segment file, killing the writer as soon as the file exists.
    /// </summary>
    private static async Task<Run> RunAndKill(string directory, string fsync, int count, KillPoint when)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Vigil.Agent.SpoolWriter.dll");
        var start = new ProcessStartInfo(DotnetHost(), when == KillPoint.Anywhere ? [writer, directory, fsync] : [writer, directory, fsync, "pause"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the spool writer did not start");
        var opened = -1L;
        var reported = new List<long>();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var begun = Parse(line, ref opened, reported);
                var large = begun >= 0 && SpoolWriterPayload.Length(begun) >= SpoolWriterPayload.Large;
                if (when != KillPoint.Anywhere && large)
                {
                    await process.StandardInput.WriteLineAsync(); // the writer waits for this before appending
                    await process.StandardInput.FlushAsync(timeout.Token);
                    if (reported.Count >= count)
                    {
                        // A large batch never fits the active 64 KiB segment: its append creates a segment of its own.
                        AwaitFile(Path.Combine(directory, SegmentName(begun)), timeout.Token);
                        break;
                    }
                }
                if (when == KillPoint.Anywhere && reported.Count >= count)
                {
                    break;
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL on Linux: no finalizers, no Dispose, no flushing
            }
            using var exit = new CancellationTokenSource(Patience);
            await process.WaitForExitAsync(exit.Token);
        }
        // Lines already in the pipe when the kill landed were appended too.
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            _ = Parse(line, ref opened, reported);
        }
        var errors = await process.StandardError.ReadToEndAsync();
        Assert.True(reported.Count >= count, $"the writer reported {reported.Count} appends, then: {errors}");
        Assert.Equal(128 + 9, process.ExitCode); // died of SIGKILL
        return new Run(opened, reported);
    }

    /// <summary>Spins (no sleeping: the moment matters) until <paramref name="path"/> exists.</summary>
    private static void AwaitFile(string path, CancellationToken timeout)
    {
        while (!File.Exists(path) && !timeout.IsCancellationRequested)
        {
            Thread.Yield();
        }
    }

    /// <summary>Reads one line of the writer's output; returns the sequence of a "begin" line, else -1.</summary>
    private static long Parse(string line, ref long opened, List<long> reported)
    {
        if (line.StartsWith("begin ", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture);
        }
        if (line.StartsWith("open ", StringComparison.Ordinal))
        {
            opened = long.Parse(line.AsSpan(5), CultureInfo.InvariantCulture);
        }
        else
        {
            reported.Add(long.Parse(line, CultureInfo.InvariantCulture));
        }
        return -1;
    }

    /// <summary>The dotnet host running these tests, so the writer runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host)
        {
            return host;
        }
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
