using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>Position ids and boolean attention masks (true = may attend) for left-padded batches.</summary>
public static class AttentionMasks
{
    /// <summary>
    /// HF generate's position ids: <c>cumsum(mask) - 1</c>, with padding positions set to 1. A left-padded row thus
    /// gets the same positions as the unpadded prompt alone.
    /// </summary>
    public static Tensor PositionIds(Tensor attentionMask)
    {
        var mask = attentionMask.to(ScalarType.Int64);
        var positions = mask.cumsum(-1) - 1;
        return positions.masked_fill(mask.eq(0), 1);
    }

    /// <summary>
    /// The mask for queries at indices [past, past + queryLength) over keys [0, keyMask.shape[1]): causal, within
    /// the window if one is given, and only onto keys whose mask is 1. Each query may always see itself, so the
    /// query rows of padding never become empty (an all-masked row would turn into NaN and leak through the cache).
    /// </summary>
    public static Tensor Causal(Tensor keyMask, long past, long queryLength, int? window = null)
    {
        long keys = keyMask.shape[1];
        if (queryLength == 1 && window is null && past == keys - 1)
        {
            // A decoding step: the one query is the last key, so causality allows every key and only the mask
            // decides (with the query's own key always on). Three calls instead of fifteen, once per step.
            var step = keyMask.to(ScalarType.Bool, copy: true);
            step.narrow(1, keys - 1, 1).fill_(true);
            return step.unsqueeze(1).unsqueeze(1);
        }
        var device = keyMask.device;
        var q = arange(past, past + queryLength, ScalarType.Int64, device).unsqueeze(1);
        var k = arange(0, keys, ScalarType.Int64, device).unsqueeze(0);
        var allowed = k.le(q);
        if (window is { } w)
            allowed = allowed.logical_and((q - k).lt(w));
        var attend = allowed.unsqueeze(0).unsqueeze(0).logical_and(keyMask.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1));
        return attend.logical_or(k.eq(q).unsqueeze(0).unsqueeze(0));
    }

    /// <summary>
    /// A mask [B, 1, T, S] laid out for grouped-query attention, whose query heads of one group are stacked along the
    /// query axis: [B, 1, groups * T, S], the same T rows repeated per head. Unchanged when groups is 1, or when T is
    /// 1: one row broadcasts over the stacked heads.
    /// </summary>
    public static Tensor ForGroups(Tensor attend, int groups)
    {
        if (groups == 1 || attend.shape[2] == 1)
            return attend;
        long b = attend.shape[0], t = attend.shape[2], s = attend.shape[3];
        return attend.unsqueeze(2).expand(b, 1, groups, t, s).reshape(b, 1, groups * t, s);
    }
}
