using System.Globalization;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Agent.SpoolWriter;

// Usage: Vigil.Agent.SpoolWriter <spool-dir> <always|never>
// Opens the spool, prints "open <next-sequence>", then appends forever, printing each sequence only after Append
// returned. The test kills it with SIGKILL; whatever it printed must be in the spool afterwards.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Vigil.Agent.SpoolWriter <spool-dir> <always|never>");
    return 2;
}
var options = new SpoolOptions
{
    SegmentBytes = 64 << 10,
    MaxBytes = 1L << 30,
    Fsync = args[1] == "never" ? FsyncPolicy.Never : FsyncPolicy.Always,
};
using var spool = DiskSpool.Open(args[0], options, TimeProvider.System);
var stdout = Console.Out;
stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open {spool.NextSequence}"));
stdout.Flush();
while (true)
{
    var sequence = spool.NextSequence;
    spool.Append(sequence, SpoolWriterPayload.For(sequence));
    stdout.WriteLine(sequence.ToString(CultureInfo.InvariantCulture));
    stdout.Flush();
}
