using Raif.Modeling;
using Raif.Training.Tiny;

namespace Raif.Training.Tests.Trainer;

/// <summary>A very small world and random model in HF layout, built through the preset's own factory.</summary>
internal static class TinyFixture
{
    public static readonly TinyModelShape Shape = new(HiddenSize: 32, Layers: 2, Heads: 2, KeyValueHeads: 1, IntermediateSize: 64, Merges: 150);

    public static TinyWorld World(int training = 60, int heldOut = 6) => TinyWorld.Create(new TinyWorldOptions(training, heldOut, Seed: 5));

    public static LanguageModel Model(TinyWorld world, string folder, int seed = 3) => TinyModelFactory.CreateRandom(world, Shape, folder, seed);
}
