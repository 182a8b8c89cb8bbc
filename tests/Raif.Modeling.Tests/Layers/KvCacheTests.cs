using Raif.Modeling.Layers;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Layers;

[Collection(TinyModelCollection.Name)]
public class KvCacheTests(TinyModelFixture models)
{
    [Fact]
    public void A_cache_that_grows_past_its_capacity_gives_the_same_hidden_states_as_one_full_pass()
    {
        var model = models.Llama.Module;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 265, 72, 101, 108, 108, 111, 32, 119, 111, 114 }, 1, 10);
        var mask = ones(1, 10, ScalarType.Int64);
        var full = model.HiddenStates(ids, AttentionMasks.PositionIds(mask), mask);

        using var cache = new KvCache(model.Config, 1, capacity: 2, model.DType, model.Device);
        var pieces = new List<Tensor>();
        foreach (var (start, length) in new[] { (0, 3), (3, 1), (4, 4), (8, 2) })
        {
            var keyMask = ones(1, start + length, ScalarType.Int64);
            var positions = arange(start, start + length, ScalarType.Int64).unsqueeze(0);
            pieces.Add(model.HiddenStates(ids.narrow(1, start, length), positions, keyMask, cache));
        }
        Assert.Equal(10, cache.Length);
        Assert.True(cache.Capacity >= 10);
        Assert.True(allclose(full, cat(pieces, 1), 1e-5, 1e-5));
    }
}
