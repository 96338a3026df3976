using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Vigil.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Vigil.Bench.CollectorBenchmarks).Assembly).Run(args);
