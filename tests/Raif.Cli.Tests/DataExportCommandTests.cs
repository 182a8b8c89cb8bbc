using System.Text;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Modeling.Tokenization;
using Raif.TestSupport;
using Raif.Training.Config;
using Raif.Training.Data;

namespace Raif.Cli.Tests;

public sealed class DataExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Exported_sft_pairs_feed_the_trainers_behaviour_cloning_stream()
    {
        string pairs = Path.Combine(_dir, "verify.jsonl");
        File.WriteAllLines(pairs, new object[]
        {
            new { id = "a", target = "{\"instruction_id_list\":[\"punctuation:no_comma\"],\"kwargs\":[{}]}", task = "ifeval", instruction = "Name a fruit.", language = "en", composition = "and",
                response = "<think>\nfruits are sweet\n</think>\n<answer>\nmango\n</answer>" },
            new { id = "b", target = "{\"scoring_questions\":[\"Is it one word?\"]}", task = "complex", instruction = "Name a colour.", language = "en", composition = "and",
                response = "<think>\ncolours\n</think>\n<answer>\nteal\n</answer>" },
        }.Select(p => JsonSerializer.Serialize(p, JsonlWriter.Options)));
        string output = Path.Combine(_dir, "out");
        var result = RaifProcess.Run(null, "data", "export", "--input", pairs, "--out", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("exported 2 RL records", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("2 SFT pairs", result.StdOut, StringComparison.Ordinal);

        // The trainer's loader: SftPair rows tokenized by SftStream with the loss on the answer.
        var tokenizer = TokenizerLoader.FromFiles(new Dictionary<string, byte[]> { ["tokenizer.json"] = Encoding.UTF8.GetBytes(ByteTokenizerJson.Create()) }, "byte/tokenizer.json");
        var sft = SftPair.ReadAll(Path.Combine(output, "sft.jsonl")).ToList();
        var stream = new SftStream(sft, tokenizer, "<|im_end|>", 4096, BehaviourCloningScope.Response, seed: 1);
        Assert.Equal(2, stream.Count);
        var cursor = new DataCursor(0, 0, 0, 0);
        var examples = stream.Next(2, ref cursor);
        var texts = examples.Select(e => tokenizer.Decode(e.Ids)).ToList();
        string expected = "<|im_start|>system\n" + Raif.Core.Templates.CotTrigger.Text + "<|im_end|>\n<|im_start|>user\nName a fruit.<|im_end|>\n<|im_start|>assistant\n"
            + "<think>\nfruits are sweet\n</think>\n<answer>\nmango\n</answer><|im_end|>";
        Assert.Contains(expected, texts);
        var mango = examples[texts.IndexOf(expected)];
        // The loss starts after the prompt, which ends with the pre-filled <think>.
        Assert.EndsWith("<|im_start|>assistant\n<think>", tokenizer.Decode(mango.Ids[..mango.LossStart]), StringComparison.Ordinal);
    }

    [Fact]
    public void No_cot_model_and_url_exclude_each_other()
    {
        var result = RaifProcess.Run(null, "data", "export", "--input", Path.Combine(_dir, "x.jsonl"), "--out", _dir,
            "--no-cot-score-model", _dir, "--no-cot-score-url", "http://127.0.0.1:1/v1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exclude each other", result.StdErr, StringComparison.Ordinal);
    }
}
