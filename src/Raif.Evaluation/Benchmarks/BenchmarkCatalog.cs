using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>The benchmarks <c>raif eval run</c> can drive, by command-line name, in Table 1's order.</summary>
public static class BenchmarkCatalog
{
    private static readonly Dictionary<string, Func<IBenchmark>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ifeval"] = () => new IfevalBenchmark(),
        ["ifbench"] = IfevalBenchmark.IfBench,
        ["cello"] = () => new CelloBenchmark(),
        ["cfbench"] = () => new CfBenchBenchmark(),
        ["complexbench"] = () => new ComplexBenchBenchmark(),
        ["fbbench"] = () => new FbBenchBenchmark(),
        ["followbench"] = () => new FollowBenchBenchmark(),
        ["infobench"] = () => new InfoBenchBenchmark(),
    };

    public static IReadOnlyList<string> Names => [.. Factories.Keys];

    public static IBenchmark Create(string name) =>
        Factories.TryGetValue(name.Trim(), out var factory)
            ? factory()
            : throw new ArgumentException($"--benchmarks: unknown benchmark '{name}' (known: {string.Join(", ", Names)})");
}
