using Raif.Cli.Commands;

namespace Raif.Cli.Tests;

public sealed class ServeBenchRoundsTests
{
    [Fact]
    public void Rounds_alternate_the_order_of_the_servers()
    {
        Assert.Equal([0, 1, 2], ServeBenchRounds.Order(3, 0));
        Assert.Equal([2, 1, 0], ServeBenchRounds.Order(3, 1));
        Assert.Equal([0, 1, 2], ServeBenchRounds.Order(3, 2));
    }

    [Fact]
    public void Ratios_are_paired_within_a_round_and_summarised_by_their_median()
    {
        // Round 1: the baseline took 10 s (p99 400 ms), the new server 4 s (100 ms): 2.5x, 0.25x.
        // Round 2, a slow phase for both: 20 s (600 ms) against 10 s (240 ms): 2.0x, 0.40x.
        // Round 3: 9 s (300 ms) against 3 s (150 ms): 3.0x, 0.50x. Medians: 2.5x and 0.40x.
        // Pairing across rounds instead (round 2's baseline against round 3's server) would give 6.7x.
        var results = new List<ServeBenchResult>
        {
            new(0, "baseline", "mixed", 10, 400), new(0, "continuous", "mixed", 4, 100),
            new(1, "continuous", "mixed", 10, 240), new(1, "baseline", "mixed", 20, 600),
            new(2, "baseline", "mixed", 9, 300), new(2, "continuous", "mixed", 3, 150),
            new(0, "baseline", "lockstep", 2, 100), new(0, "continuous", "lockstep", 1, 40), // one round only
        };
        var ratios = ServeBenchRounds.Ratios(results, "baseline");
        var mixed = Assert.Single(ratios, r => r.Workload == "mixed");
        Assert.Equal("continuous", mixed.Target);
        Assert.Equal([2.5, 2.0, 3.0], mixed.Throughput);
        Assert.Equal(new[] { 0.25, 0.40, 0.50 }, mixed.P99, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(2.5, mixed.MedianThroughput);
        Assert.Equal(0.40, mixed.MedianP99, 12);
        var lockstep = Assert.Single(ratios, r => r.Workload == "lockstep");
        Assert.Equal([2.0], lockstep.Throughput);
        Assert.Equal(0.4, lockstep.MedianP99, 12);
    }

    [Fact]
    public void An_even_number_of_rounds_takes_the_mean_of_the_middle_two()
    {
        var results = new List<ServeBenchResult>
        {
            new(0, "b", "w", 10, 100), new(0, "a", "w", 5, 50),   // 2x
            new(1, "b", "w", 12, 100), new(1, "a", "w", 3, 50),   // 4x
        };
        Assert.Equal(3.0, Assert.Single(ServeBenchRounds.Ratios(results, "b")).MedianThroughput);
    }
}
