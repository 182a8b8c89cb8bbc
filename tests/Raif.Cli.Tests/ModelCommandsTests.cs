using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.TestSupport;

namespace Raif.Cli.Tests;

/// <summary>
/// The model verbs end to end through the built <c>raif</c> program: <c>model init</c> writes a tiny random model,
/// then <c>generate</c>, <c>score</c> and <c>tokenize</c> run on it. One model folder is shared by the class.
/// </summary>
public class ModelCommandsTests : IClassFixture<ModelCommandsTests.TinyModelFolder>
{
    private readonly TinyModelFolder _model;

    public ModelCommandsTests(TinyModelFolder model) => _model = model;

    public sealed class TinyModelFolder
    {
        public TinyModelFolder()
        {
            Root = Path.Combine(Path.GetTempPath(), "raif-cli-model-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            TokenizerPath = Path.Combine(Root, "tokenizer.json");
            File.WriteAllText(TokenizerPath, ByteTokenizerJson.Create());
            string config = Path.Combine(Root, "tiny.json");
            File.WriteAllText(config, """{"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "tie_word_embeddings": true, "initializer_range": 0.3, "eos_token_id": 258}""");
            Folder = Path.Combine(Root, "model");
            InitResult = RaifProcess.Run(null, "model", "init", "--architecture", "qwen2", "--config", config, "--tokenizer", TokenizerPath, "--seed", "5", "--out", Folder);
        }

        public string Root { get; }

        public string TokenizerPath { get; }

        public string Folder { get; }

        internal RaifProcess.Result InitResult { get; }

        public string File2(string name, string content)
        {
            string path = Path.Combine(Root, Guid.NewGuid().ToString("N") + "-" + name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }
    }

    private static List<JsonElement> ReadJsonl(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void Model_init_writes_an_hf_folder()
    {
        Assert.Equal(0, _model.InitResult.ExitCode);
        Assert.Contains("Qwen2ForCausalLM", _model.InitResult.StdOut);
        foreach (var f in new[] { "config.json", "generation_config.json", "model.safetensors", "tokenizer.json" })
            Assert.True(File.Exists(Path.Combine(_model.Folder, f)), f);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(_model.Folder, "config.json")))!;
        Assert.Equal(259, (int)config["vocab_size"]!);
        Assert.Equal("qwen2", (string?)config["model_type"]);
    }

    [Fact]
    public void Bench_batch_runs_both_workloads_with_and_without_the_fused_step()
    {
        var result = RaifProcess.Run(null, "bench", "batch", "--model", _model.Folder, "--chat-template", "qwen", "--sequences", "12", "--rows", "4",
            "--max-tokens", "3", "--mixed-max-tokens", "2-5", "--runs", "1", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.StdErr);
        // One line per timed run: 2 workloads x 2 settings. Lockstep: 12 requests of 3 tokens in waves of 4 rows join an
        // empty batch 3 times and decode 2 steps each (hand count, as ContinuousBatchBenchmarkTests).
        var runs = result.StdOut.Split('\n').Where(l => l.Contains(", run 1:", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, runs.Count);
        Assert.All(runs.Where(l => l.StartsWith("lockstep", StringComparison.Ordinal)), l => Assert.Contains("decoding-only 6 x", l));
        Assert.All(runs.Where(l => l.StartsWith("lockstep", StringComparison.Ordinal)), l => Assert.Contains("into empty 3 x", l));
        Assert.Contains("4 rows", result.StdOut);
        Assert.Contains("libtorch", result.StdOut);
    }

    [Fact]
    public void Generate_writes_one_line_per_prompt_in_order_and_batching_does_not_change_greedy_output()
    {
        string prompts = _model.File2("p.jsonl", "{\"text\": \"Hello there\"}\n{\"ids\": [72, 105]}\n{\"text\": \"a much longer prompt than the others\"}\n");
        string all = Path.Combine(_model.Root, "all.jsonl"), single = Path.Combine(_model.Root, "single.jsonl");
        var a = RaifProcess.Run(null, "generate", "--model", _model.Folder, "--prompts-file", prompts, "--max-new-tokens", "6", "--greedy", "--ignore-eos", "--output", all);
        Assert.True(a.ExitCode == 0, a.StdErr);
        var b = RaifProcess.Run(null, "generate", "--model", _model.Folder, "--prompts-file", prompts, "--max-new-tokens", "6", "--greedy", "--ignore-eos", "--batch-size", "1", "--output", single);
        Assert.True(b.ExitCode == 0, b.StdErr);
        var lines = ReadJsonl(all);
        Assert.Equal(3, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(6, line.GetProperty("ids").GetArrayLength());
            Assert.Equal(6, line.GetProperty("logprobs").GetArrayLength());
            Assert.Equal("length", line.GetProperty("finish_reason").GetString());
            Assert.True(line.GetProperty("logprobs").EnumerateArray().All(x => x.GetDouble() <= 0));
            Assert.True(line.TryGetProperty("text", out _));
        }
        var singles = ReadJsonl(single);
        for (int i = 0; i < 3; i++)
            Assert.Equal(lines[i].GetProperty("ids").ToString(), singles[i].GetProperty("ids").ToString());
        // Prompt 2 is "Hi" given as ids: same result as the text "Hi" would give on its own.
        var hi = RaifProcess.Run(null, "generate", "--model", _model.Folder, "--prompt", "Hi", "--max-new-tokens", "6", "--greedy", "--ignore-eos");
        Assert.Equal(lines[1].GetProperty("ids").ToString(), JsonDocument.Parse(hi.StdOut.Trim()).RootElement.GetProperty("ids").ToString());
    }

    [Fact]
    public void Seeded_sampling_from_the_cli_repeats()
    {
        string[] args = ["generate", "--model", _model.Folder, "--prompt", "seed test", "--max-new-tokens", "8", "--temperature", "1.0", "--top-k", "0", "--seed", "9", "--ignore-eos"];
        var first = RaifProcess.Run(null, args);
        var second = RaifProcess.Run(null, args);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Equal(first.StdOut, second.StdOut);
    }

    [Fact]
    public void Score_reads_ids_or_text_and_reports_one_log_prob_per_continuation_token()
    {
        string input = _model.File2("s.jsonl", "{\"prompt_ids\": [72, 105], \"continuation_ids\": [32, 116, 104]}\n{\"prompt\": \"Hi\", \"continuation\": \" th\"}\n");
        string output = Path.Combine(_model.Root, "scores.jsonl");
        var result = RaifProcess.Run(null, "score", "--model", _model.Folder, "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = ReadJsonl(output);
        Assert.Equal(3, lines[0].GetProperty("logprobs").GetArrayLength());
        // The text pair tokenizes to the same ids as the first line (byte-level, no merges), so the scores agree.
        var a = lines[0].GetProperty("logprobs").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var b = lines[1].GetProperty("logprobs").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(a[i], b[i], 1e-5);
    }

    [Fact]
    public void Tokenize_gives_byte_ids_and_special_tokens()
    {
        string input = _model.File2("t.jsonl", "{\"text\": \"<|im_start|>Hi é\"}\n");
        string output = Path.Combine(_model.Root, "ids.jsonl");
        var result = RaifProcess.Run(null, "tokenize", "--model", _model.Folder, "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("[257,72,105,32,195,169]", ReadJsonl(output)[0].GetProperty("ids").GetRawText());
    }

    [Fact]
    public void Bad_input_is_an_error_naming_file_line_and_field()
    {
        string prompts = _model.File2("bad.jsonl", "{\"text\": \"ok\"}\n{\"ids\": [1, \"x\"]}\n");
        var result = RaifProcess.Run(null, "generate", "--model", _model.Folder, "--prompts-file", prompts, "--max-new-tokens", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.jsonl:2: field 'ids'", result.StdErr);

        string scores = _model.File2("bad-score.jsonl", "{\"prompt_ids\": [1], \"continuation_ids\": [9999]}\n");
        result = RaifProcess.Run(null, "score", "--model", _model.Folder, "--input", scores, "--output", Path.Combine(_model.Root, "x.jsonl"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad-score.jsonl:1: field 'continuation_ids'", result.StdErr);
    }

    [Fact]
    public void Unknown_architecture_and_unknown_chat_family_are_errors()
    {
        string config = _model.File2("c.json", "{\"hidden_size\": 32, \"intermediate_size\": 64, \"num_hidden_layers\": 1, \"num_attention_heads\": 4}");
        var result = RaifProcess.Run(null, "model", "init", "--architecture", "gpt2", "--config", config, "--tokenizer", _model.TokenizerPath, "--out", Path.Combine(_model.Root, "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gpt2", result.StdErr);

        // The byte tokenizer has ChatML specials, so --chat works; with --template it uses the one given.
        var chat = RaifProcess.Run(null, "generate", "--model", _model.Folder, "--prompt", "Hi", "--chat", "--template", "base", "--max-new-tokens", "2", "--greedy");
        Assert.True(chat.ExitCode == 0, chat.StdErr);
    }
}
