using System.Globalization;
using Vigil.Blobs;
using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Storage;
using Vigil.Blobs.StoreWorker;

// Usage: Vigil.Blobs.StoreWorker add <repo> <path>   |   Vigil.Blobs.StoreWorker gc <repo> <keep-last>
// Prints "open", then one line per progress report ("add <done>/<total>", "repack <done>/<total>"), then "done <id>".
if (args.Length != 3 || args[0] is not ("add" or "gc"))
{
    await Console.Error.WriteLineAsync("usage: Vigil.Blobs.StoreWorker add <repo> <path> | gc <repo> <keep-last>");
    return 2;
}
var backend = new FileSystemBackend(args[1]);
using var store = await BlobStore.OpenAsync(backend, TimeProvider.System, create: true, CancellationToken.None, new StoreConfig { PackSize = 64 * 1024 });
Console.Out.WriteLine("open");
var progress = new LineProgress(Console.Out);
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
