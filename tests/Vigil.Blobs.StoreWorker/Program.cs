using System.Globalization;
using Vigil.Blobs;
using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Storage;
using Vigil.Blobs.StoreWorker;

// Usage: Vigil.Blobs.StoreWorker add <repo> <path> [stall-at]   |   Vigil.Blobs.StoreWorker gc <repo> <keep-last> [stall-at]
// Prints "open", then one line per progress report ("add <done>/<total>", "repack <done>/<total>"), then "done <id>".
// With stall-at, the worker prints "stalled" and waits forever after the first progress line starting with it.
if (args.Length is not (3 or 4) || args[0] is not ("add" or "gc"))
{
    await Console.Error.WriteLineAsync("usage: Vigil.Blobs.StoreWorker add <repo> <path> [stall-at] | gc <repo> <keep-last> [stall-at]");
    return 2;
}
var backend = new FileSystemBackend(args[1]);
using var store = await BlobStore.OpenAsync(backend, TimeProvider.System, create: true, CancellationToken.None, new StoreConfig { PackSize = 64 * 1024 });
Console.Out.WriteLine("open");
var progress = new LineProgress(Console.Out, args.Length == 4 ? args[3] : null);
if (args[0] == "add")
{
    var result = await store.AddAsync([args[2]], new AddOptions { Host = "worker" }, progress, CancellationToken.None);
    Console.Out.WriteLine($"done {result.SnapshotId}");
}
else
{
    var keep = int.Parse(args[2], CultureInfo.InvariantCulture);
    var result = await new GarbageCollector(store).RunAsync(new GcOptions { Retention = new RetentionPolicy { KeepLastPerHost = keep } }, progress, CancellationToken.None);
    Console.Out.WriteLine($"done {result.PacksDeleted}");
}
return 0;
