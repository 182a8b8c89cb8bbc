using System.Text.Json.Nodes;
using Raif.Modeling.Generation;
using Raif.Modeling.Tests.Fixtures;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Golden;

/// <summary>
/// Compares Raif's forward pass with reference numbers computed by an independent implementation (a separate
/// PyTorch script written from transformers' formulas, eager attention, unpadded sequences), see README.md.
/// </summary>
public class GoldenForwardTests
{
    public static readonly int[][] Sequences =
    [
        [265, 72, 101, 108, 108, 111, 10, 258, 32, 119, 111, 114, 108, 100],
        [1, 2, 3],
    ];

    public static TheoryData<string> Cases() => new() { "qwen2", "llama", "mistral" };

    private static JsonObject Config(string name) => name switch
    {
        "qwen2" => TinyModels.Qwen2TiedConfig(),
        "llama" => TinyModels.LlamaConfig(),
        _ => TinyModels.MistralConfig(),
    };

    private static JsonObject Expected(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", $"{name}.json")))!.AsObject();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_token_log_probs_of_a_left_padded_batch_match_the_reference(string name)
    {
        using var model = LanguageModel.Load(FormulaCheckpoints.Write(name, Config(name)));
        var expected = Expected(name)["logprobs"]!.AsArray();
        int length = Sequences.Max(s => s.Length);
        using var scope = NewDisposeScope();
        var (ids, mask) = TextGenerator.LeftPad(Sequences, length, 0, model.Module.Device);
        var lp = model.Module.TokenLogProbs(ids, mask);
        for (int b = 0; b < Sequences.Length; b++)
        {
            var want = expected[b]!.AsArray().Select(x => (float)x!).ToArray();
            Assert.Equal(Sequences[b].Length - 1, want.Length);
            var got = lp[b].narrow(0, length - Sequences[b].Length, want.Length).data<float>().ToArray();
            for (int t = 0; t < want.Length; t++)
                Assert.True(Math.Abs(want[t] - got[t]) < 1e-4, $"{name} row {b} token {t}: reference {want[t]}, Raif {got[t]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_continuation_matches_the_reference(string name)
    {
        using var model = LanguageModel.Load(FormulaCheckpoints.Write(name, Config(name)));
        var expected = Expected(name)["greedy"]!.AsArray();
        var generated = model.Generate(Sequences, new GenerationOptions { MaxNewTokens = 8, IgnoreEos = true });
        for (int b = 0; b < Sequences.Length; b++)
            Assert.Equal(expected[b]!.AsArray().Select(x => (int)x!), generated[b].TokenIds);
    }
}
