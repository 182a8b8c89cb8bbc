using Raif.Data.Seeds;

namespace Raif.Data.Tests.Seeds;

public sealed class SemanticDuplicatesTests
{
    private sealed class FixedEmbedder(Dictionary<string, float[]> vectors) : ISentenceEmbedder
    {
        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default) => [.. sentences.Select(s => vectors[s])];
    }

    [Fact]
    public void A_text_close_to_a_kept_one_is_dropped_as_the_most_similar_kept_text()
    {
        var embedder = new FixedEmbedder(new()
        {
            ["a"] = [1f, 0f],
            ["b"] = [0.6f, 0.8f],   // cos(a, b) = 0.6
            ["c"] = [0.96f, 0.28f], // cos(a, c) = 0.96, cos(b, c) = 0.576 + 0.224 = 0.8
            ["d"] = [0.8f, 0.6f],   // cos(a, d) = 0.8, cos(b, d) = 0.48 + 0.48 = 0.96
        });
        var matches = SemanticDuplicates.Find(["a", "b", "c", "d"], 0.75, embedder, batchSize: 3);
        Assert.Null(matches[0]);
        Assert.Null(matches[1]);
        Assert.Equal(0, matches[2]!.Value.KeptIndex);
        Assert.Equal(0.96, matches[2]!.Value.Similarity, 1e-6);
        Assert.Equal(1, matches[3]!.Value.KeptIndex); // both a (0.8) and b (0.96) reach 0.75; b is closer
        Assert.Equal(0.96, matches[3]!.Value.Similarity, 1e-6);

        var strict = SemanticDuplicates.Find(["a", "b", "c", "d"], 0.97, embedder);
        Assert.All(strict, m => Assert.Null(m));
    }

    [Fact]
    public void MiniLm_from_its_package_finds_a_paraphrase_and_keeps_an_unrelated_instruction()
    {
        using var embedder = new MiniLmSentenceEmbedder();
        string[] texts =
        [
            "How do I bake bread at home?",
            "Explain the main causes of the French Revolution.",
            "What is a good way to make bread at home?",
        ];
        var vectors = embedder.Embed(texts);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.Dot(v, v), 1e-3));

        var matches = SemanticDuplicates.Find(texts, 0.7, embedder);
        Assert.Null(matches[0]);
        Assert.Null(matches[1]);
        Assert.Equal(0, matches[2]!.Value.KeptIndex);
    }
}
