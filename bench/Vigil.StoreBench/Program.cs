using System.Globalization;
using System.Text.Json;
using Vigil.StoreBench;

// Usage: Vigil.StoreBench kernels CORPUS [MB]   |   Vigil.StoreBench kept-open REPO CORPUS [BUNDLES]
// Prints one JSON object. Run under `taskset -c 0` to measure one core.
var options = new JsonSerializerOptions { WriteIndented = true };
switch (args)
{
    case ["kernels", var corpus]:
        Console.WriteLine(Kernels.Run(corpus, 256).ToJsonString(options));
        return 0;
    case ["kernels", var corpus, var mb]:
        Console.WriteLine(Kernels.Run(corpus, int.Parse(mb, CultureInfo.InvariantCulture)).ToJsonString(options));
        return 0;
    case ["kept-open", var repo, var corpus]:
        Console.WriteLine((await KeptOpen.RunAsync(repo, corpus, int.MaxValue)).ToJsonString(options));
        return 0;
    case ["kept-open", var repo, var corpus, var count]:
        Console.WriteLine((await KeptOpen.RunAsync(repo, corpus, int.Parse(count, CultureInfo.InvariantCulture))).ToJsonString(options));
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: Vigil.StoreBench kernels CORPUS [MB] | kept-open REPO CORPUS [BUNDLES]");
        return 2;
}
