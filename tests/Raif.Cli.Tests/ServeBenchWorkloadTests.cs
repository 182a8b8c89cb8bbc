using Raif.Cli;
using Raif.Cli.Commands;

namespace Raif.Cli.Tests;

public sealed class ServeBenchWorkloadTests
{
    [Fact]
    public void Lockstep_is_the_original_workload()
    {
        var w = ServeBenchWorkload.Lockstep(8, 16);
        Assert.Equal(8, w.Requests.Count);
        Assert.All(w.Requests, r => Assert.Equal(16, r.MaxTokens));
        Assert.Equal("Request 5: say something.", w.Requests[5].Content);
        // Every fourth request is streamed: indices 3 and 7 of 0..7.
        Assert.Equal([3, 7], w.Requests.Select((r, i) => (r, i)).Where(x => x.r.Stream).Select(x => x.i));
    }

    [Fact]
    public void Mixed_draws_within_the_ranges_and_the_same_for_the_same_seed()
    {
        var a = ServeBenchWorkload.Mixed(2000, (4, 64), (0, 32), seed: 1);
        var b = ServeBenchWorkload.Mixed(2000, (4, 64), (0, 32), seed: 1);
        var c = ServeBenchWorkload.Mixed(2000, (4, 64), (0, 32), seed: 2);
        Assert.Equal(a.Requests, b.Requests);
        Assert.NotEqual(a.Requests.Select(r => r.MaxTokens), c.Requests.Select(r => r.MaxTokens));
        Assert.All(a.Requests, r => Assert.InRange(r.MaxTokens, 4, 64));
        // Both ends of the inclusive range are drawn in 2,000 requests (each has probability 1/61 per request).
        Assert.Contains(a.Requests, r => r.MaxTokens == 4);
        Assert.Contains(a.Requests, r => r.MaxTokens == 64);
        // Filler words: "Request i: " + k words + "say something.", k in 0..32.
        var words = a.Requests.Select(r => r.Content.Split(' ').Length - 4).ToList();
        Assert.All(words, k => Assert.InRange(k, 0, 32));
        Assert.Contains(0, words);
        Assert.Contains(32, words);
        Assert.Equal(500, a.Requests.Count(r => r.Stream));
    }

    [Theory]
    [InlineData("16", 16, 16)]
    [InlineData("4-64", 4, 64)]
    [InlineData("0-0", 0, 0)]
    public void Ranges_parse(string text, int min, int max) =>
        Assert.Equal((min, max), ServeBenchWorkload.ParseRange(text, "--x", 0));

    [Theory]
    [InlineData("64-4")]
    [InlineData("0-8")] // below the least of 1
    [InlineData("a-b")]
    [InlineData("4-8-9")]
    [InlineData("")]
    [InlineData("-4")]
    public void Bad_ranges_are_usage_errors_naming_the_option(string text)
    {
        var e = Assert.Throws<CliUsageException>(() => ServeBenchWorkload.ParseRange(text, "--mixed-max-tokens", 1));
        Assert.Contains("--mixed-max-tokens", e.Message);
    }

    [Theory]
    [InlineData("{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":16,\"total_tokens\":28}}", 16)]
    [InlineData("data: {\"choices\":[]}\n\ndata: {\"usage\":{\"completion_tokens\": 7}}\n\ndata: [DONE]\n\n", 7)]
    [InlineData("data: [DONE]\n\n", 0)]
    public void Completion_tokens_come_from_the_last_usage(string text, int expected) =>
        Assert.Equal(expected, ServeBenchCommand.CompletionTokens(text));

    [Fact]
    public void Targets_put_the_baseline_first_and_pass_prefix_reuse_off_as_zero_and_separate_prefill_by_name()
    {
        string dll = Path.GetTempFileName();
        try
        {
            var targets = ServeBenchCommand.Targets("both", "both", "folded", dll, null);
            Assert.Equal(["baseline", "round", "continuous", "continuous, no prefix reuse"], targets.Select(t => t.Label));
            Assert.Null(targets[0].Batching); // a build without --batching gets none
            Assert.Equal(0, targets[3].PrefixReuseMinTokens);
            Assert.Null(targets[2].PrefixReuseMinTokens);
            Assert.All(targets, t => Assert.Null(t.Prefill)); // folded is the server's default: not passed

            var both = ServeBenchCommand.Targets("continuous", "on", "both", null, null);
            Assert.Equal(["continuous", "continuous, separate prefill"], both.Select(t => t.Label));
            Assert.Equal([null, "separate"], both.Select(t => t.Prefill));
            Assert.Throws<CliUsageException>(() => ServeBenchCommand.Targets("both", "on", "folded", dll + ".missing", null));
        }
        finally
        {
            File.Delete(dll);
        }
    }

    [Theory]
    [InlineData("lockstep", new[] { "lockstep" })]
    [InlineData("mixed", new[] { "mixed" })]
    [InlineData("both", new[] { "lockstep", "mixed" })]
    public void Named_builds_the_workloads_asked_for_in_order(string which, string[] names)
    {
        var workloads = ServeBenchWorkload.Named(which, 10, 7, "2-3", "0-1", seed: 1);
        Assert.Equal(names, workloads.Select(w => w.Name));
        Assert.All(workloads, w => Assert.Equal(10, w.Requests.Count));
        Assert.All(workloads.Where(w => w.Name == "lockstep").SelectMany(w => w.Requests), r => Assert.Equal(7, r.MaxTokens));
        Assert.All(workloads.Where(w => w.Name == "mixed").SelectMany(w => w.Requests), r => Assert.InRange(r.MaxTokens, 2, 3));
    }
}
