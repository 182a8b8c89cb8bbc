using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// One group of rows of a packed forward pass (<see cref="CausalLM.HiddenStates(IReadOnlyList{ForwardPart})"/>):
/// token ids [B, T], their position ids [B, T], the key mask over the cached past plus these tokens, and the cache
/// they read and extend (null: none).
/// </summary>
internal readonly record struct ForwardPart(Tensor Ids, Tensor Positions, Tensor KeyMask, KvCache? Cache);
