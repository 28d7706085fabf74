using System.Globalization;
using BenchmarkDotNet.Running;
using MotCua.Bench;

// dotnet run -c Release --project bench/MotCua.Bench -- --filter '*'
var summaries = BenchmarkSwitcher.FromAssembly(typeof(DueDateBenchmarks).Assembly).Run(args);

// The forms' figures are BenchmarkDotNet's own table (time, allocation, ratio to the unsigned render).
foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null && r.BenchmarkCase.Descriptor.Type == typeof(DueDateBenchmarks)))
{
    var nanosecondsPerDue = report.ResultStatistics!.Mean;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo}: {1e9 / nanosecondsPerDue / 1e6:F2} million due dates per second on one core ({nanosecondsPerDue:F0} ns each)"));
}
