using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Layers;

/// <summary>The attention masks of a decoding step (one query at the end of the keys).</summary>
public class AttentionMasksTests
{
    public AttentionMasksTests() => TorchRuntime.EnsureAvailable();

    private static bool[] Flat(Tensor t) => [.. t.to(ScalarType.Bool).data<bool>()];

    [Fact]
    public void A_decoding_steps_mask_is_the_key_mask_with_its_own_key_always_on()
    {
        using var scope = NewDisposeScope();
        var keyMask = tensor(new long[] { 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0 }, [3, 4]);
        var mask = AttentionMasks.Causal(keyMask, past: 3, queryLength: 1);

        Assert.Equal([3, 1, 1, 4], mask.shape);
        // By hand: rows as given, and the last key (the query itself) on in the all-padding row.
        Assert.Equal([true, true, false, true, false, false, true, true, false, false, false, true], Flat(mask));
        // The general path (a window too wide to cut anything) agrees.
        Assert.Equal(Flat(AttentionMasks.Causal(keyMask, 3, 1, window: 100)), Flat(mask));
        Assert.Equal([1, 1, 0, 1], keyMask[0].data<long>().ToArray()); // the caller's mask is not written to
    }

    [Fact]
    public void A_one_query_mask_broadcasts_over_grouped_heads_instead_of_being_repeated()
    {
        using var scope = NewDisposeScope();
        var one = AttentionMasks.Causal(ones(2, 5, ScalarType.Int64), 4, 1);
        Assert.Same(one, AttentionMasks.ForGroups(one, groups: 4));
        var two = AttentionMasks.Causal(ones(2, 5, ScalarType.Int64), 3, 2);
        Assert.Equal([2, 1, 8, 5], AttentionMasks.ForGroups(two, groups: 4).shape);
    }
}
