using Raif.Modeling.Generation;
using Raif.Modeling.Runtime;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Generation;

public class LogitsWarperTests
{
    public LogitsWarperTests() => TorchRuntime.EnsureAvailable();

    [Fact]
    public void Top_p_keeps_the_smallest_set_whose_mass_exceeds_p()
    {
        using var scope = NewDisposeScope();
        // probs 0.05, 0.5, 0.15, 0.3; ascending cumulative: 0.05, 0.20, 0.50, 1.0. With p = 0.8 tokens whose
        // cumulative mass is <= 0.2 go: ids 0 and 2 (hand calculation).
        var scores = tensor(new[] { 0.05f, 0.5f, 0.15f, 0.3f }).log().unsqueeze(0);
        var kept = LogitsWarpers.TopP(scores, 0.8).isinf().logical_not().squeeze(0).data<bool>().ToArray();
        Assert.Equal(new[] { false, true, false, true }, kept);
        // With p = 0.01 only the most likely token survives.
        kept = LogitsWarpers.TopP(scores, 0.01).isinf().logical_not().squeeze(0).data<bool>().ToArray();
        Assert.Equal(new[] { false, true, false, false }, kept);
    }

    [Fact]
    public void Top_k_keeps_the_k_largest_and_ties_with_the_kth()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(new[] { 1f, 3f, 2f, 3f, 0f }).unsqueeze(0);
        var kept = LogitsWarpers.TopK(scores, 2).isinf().logical_not().squeeze(0).data<bool>().ToArray();
        Assert.Equal(new[] { false, true, false, true, false }, kept);
        kept = LogitsWarpers.TopK(scores, 3).isinf().logical_not().squeeze(0).data<bool>().ToArray();
        Assert.Equal(new[] { false, true, true, true, false }, kept);
    }

    [Fact]
    public void Repetition_penalty_divides_positive_and_multiplies_negative_seen_scores()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(new[] { 2f, -2f, 4f, -1f }).unsqueeze(0);
        var seen = tensor(new[] { true, true, false, false }).unsqueeze(0);
        var result = LogitsWarpers.RepetitionPenalty(scores, seen, 2.0).squeeze(0).data<float>().ToArray();
        Assert.Equal(new[] { 1f, -4f, 4f, -1f }, result);
    }
}
