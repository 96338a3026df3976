using System.Globalization;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Agent.SpoolWriter;

// Usage: Vigil.Agent.SpoolWriter <spool-dir> <always|never> [pause]
// Opens the spool, prints "open <next-sequence>", then appends forever: "begin <sequence>" just before each Append,
// "<sequence>" only after it returned. With "pause" it waits for a line on stdin after the "begin" of each large
// batch, so the test can answer and SIGKILL it at once, landing inside the write. Whatever it reported as
// appended must be in the spool afterwards.
if (args.Length is < 2 or > 3)
{
    await Console.Error.WriteLineAsync("usage: Vigil.Agent.SpoolWriter <spool-dir> <always|never> [pause]");
    return 2;
}
var pause = args.Length == 3 && args[2] == "pause";
var options = SpoolWriterOptions.For(args[1] == "never" ? FsyncPolicy.Never : FsyncPolicy.Always);
using var spool = DiskSpool.Open(args[0], options, TimeProvider.System);
var stdout = Console.Out;
stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open {spool.NextSequence}"));
stdout.Flush();
while (true)
{
    var sequence = spool.NextSequence;
    var payload = SpoolWriterPayload.For(sequence);
    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"begin {sequence}"));
    stdout.Flush();
    if (pause && payload.Length >= SpoolWriterPayload.Large && Console.ReadLine() is null)
    {
        return 1;
    }
    spool.Append(sequence, payload);
    stdout.WriteLine(sequence.ToString(CultureInfo.InvariantCulture));
    stdout.Flush();
}
