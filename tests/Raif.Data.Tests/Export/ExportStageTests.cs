using System.Text.Json;
using ChatRole = Microsoft.Extensions.AI.ChatRole;
using Raif.Core.Judging;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Core.Responses;
using Raif.Core.Templates;
using Raif.Data.Export;
using Raif.Data.Stages;

namespace Raif.Data.Tests.Export;

public sealed class ExportStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-export-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string TeaTarget = "{\"instruction_id_list\":[\"punctuation:no_comma\",\"detectable_format:title\",\"startend:quotation\"],\"kwargs\":[{},{},{}]}";
    private const string PoemTarget = "{\"scoring_questions\":[\"Is it short? [yes]\",\"Is it in French?\",\"Does it rhyme? [yes]\"]}";
    private const string RainTarget = "{\"instruction_id_list\":[\"punctuation:no_comma\"],\"kwargs\":[{}]}";

    // Two verified pairs (ifeval en, complex zh) and one offline prompt without an expert response.
    private string Pairs()
    {
        string path = Path.Combine(_dir, "verify.jsonl");
        var lines = new object[]
        {
            new { id = "tea", input = "old prompt", target = TeaTarget, task = "ifeval", instruction = "Write a note about tea.", seed_id = "s1", language = "en", composition = "and",
                reasoning = "the reasoning", answer = "the answer", response = "<think>\nthe reasoning\n</think>\n<answer>\nthe answer\n</answer>", quality = new { ok = true }, verification = "passed" },
            new { id = "poem", input = "old prompt", target = PoemTarget, task = "complex", instruction = "写一首诗。", seed_id = "s2", language = "zh", composition = "chain",
                reasoning = "想一想", answer = "春风", response = "<think>\n想一想\n</think>\n<answer>\n春风\n</answer>", quality = new { ok = true }, verification = "passed" },
            new { id = "rain", input = "old prompt", target = RainTarget, task = "ifeval", instruction = "Describe rain.", seed_id = "s3", language = "en", composition = "and" },
        };
        File.WriteAllLines(path, lines.Select(l => JsonSerializer.Serialize(l, JsonlWriter.Options)));
        return path;
    }

    // The no-CoT answers, by instruction: tea → title and quotes but a comma (2 of 3 pass, by hand: the comma fails
    // no_comma; <<Tea>> satisfies title; the text starts and ends with a double quote); rain → no comma (1 of 1).
    private static string Reply(string user) => user switch
    {
        "Write a note about tea." => "<answer>\"<<Tea>> time, friends\"</answer>",
        "Describe rain." => "Rain falls softly on the roofs",
        _ => "一首短诗",
    };

    // Questions marked [yes] get YES; the poem has two of three.
    private sealed class MarkedJudge : IJudge
    {
        public string Name => "marked";

        public Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<JudgeScores>>([.. requests.Select(r =>
                new JudgeScores(r.Conversation[^1].Content.EndsWith("[yes]", StringComparison.Ordinal) ? [-1.0, -2.0] : [-2.0, -1.0], 1))]);
    }

    private static List<JsonElement> Read(string path) => [.. JsonlReader.ReadLines(path).Select(l => l.Value.Clone())];

    [Fact]
    public async Task Rl_records_are_rendered_for_the_template_with_the_trigger_and_keep_target_and_task()
    {
        var summary = await ExportStage.RunAsync(Pairs(), Path.Combine(_dir, "out"), new ExportOptions { Template = ChatTemplates.Qwen });
        var rl = Read(summary.RlPath);
        Assert.Equal(["tea", "poem", "rain"], rl.Select(r => r.GetProperty("id").GetString()));
        // Spec §5.2's qwen layout, written out by hand.
        string expected = "<|im_start|>system\n" + CotTrigger.Text + "<|im_end|>\n<|im_start|>user\nWrite a note about tea.<|im_end|>\n<|im_start|>assistant\n<think>";
        Assert.Equal(expected, rl[0].GetProperty("input").GetString());
        Assert.Equal(TeaTarget, rl[0].GetProperty("target").GetString());
        Assert.Equal("complex", rl[1].GetProperty("task").GetString());
        Assert.Equal(["id", "input", "target", "task"], rl[0].EnumerateObject().Select(p => p.Name));
        // Every record is one the trainer's prompt loader accepts.
        Assert.Equal(3, JsonlReader.Read(summary.RlPath, RlPrompt.FromJsonl).Count());
    }

    [Fact]
    public async Task Without_the_trigger_the_prompt_has_no_system_turn()
    {
        var summary = await ExportStage.RunAsync(Pairs(), Path.Combine(_dir, "out"), new ExportOptions { Template = ChatTemplates.Llama3, CotTrigger = false });
        string input = Read(summary.RlPath)[2].GetProperty("input").GetString()!;
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>Describe rain.<|eot_id|><|start_header_id|>assistant<|end_header_id|><think>", input);
    }

    [Fact]
    public async Task Sft_pairs_hold_the_rendered_prompt_and_the_expert_completion_and_the_trainer_reads_them()
    {
        string input = Pairs();
        var summary = await ExportStage.RunAsync(input, Path.Combine(_dir, "out"), new ExportOptions());
        Assert.Equal(2, summary.SftPairs); // the offline prompt has no expert response
        var pairs = SftPair.ReadAll(summary.SftPath).ToList();
        Assert.Equal(2, pairs.Count);
        var rl = Read(summary.RlPath);
        Assert.Equal(rl[0].GetProperty("input").GetString(), pairs[0].Question);
        // The question ends with the pre-filled <think>; the answer continues after it (response minus its opener).
        Assert.Equal("\nthe reasoning\n</think>\n<answer>\nthe answer\n</answer>", pairs[0].Answer);
        var analysis = FormatAnalysis.Analyze(pairs[1].Question + pairs[1].Answer, ChatTemplates.Qwen);
        Assert.True(analysis.Valid, analysis.Reason);
        Assert.Equal("想一想", analysis.Think);
        Assert.Equal("春风", analysis.Answer);
    }

    [Fact]
    public async Task Deepseek_sft_answers_follow_the_r1_format()
    {
        var summary = await ExportStage.RunAsync(Pairs(), Path.Combine(_dir, "out"), new ExportOptions { Template = ChatTemplates.DeepSeek });
        var pair = SftPair.ReadAll(summary.SftPath).First();
        var analysis = FormatAnalysis.Analyze(pair.Question + pair.Answer, ChatTemplates.DeepSeek);
        Assert.True(analysis.Valid, analysis.Reason);
        Assert.Equal("the answer", analysis.Answer);
        Assert.DoesNotContain("<answer>", pair.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_no_cot_score_counts_what_the_no_reasoning_answer_satisfies_under_the_configured_keys()
    {
        var chat = new ScriptedChatClient(Reply);
        var scorer = new NoCotScorer(chat, new MarkedJudge(), new NoCotScoreOptions { ComplexKey = "scoring_sum_my-model" });
        var summary = await ExportStage.RunAsync(Pairs(), Path.Combine(_dir, "out"), new ExportOptions { NoCotScorer = scorer, NoCotModelName = "scripted" });
        var rl = Read(summary.RlPath);
        Assert.Equal(TeaTarget[..^1] + ",\"follow_score_qwen2.5-7B-Instruct\":2}", rl[0].GetProperty("target").GetString());
        Assert.Equal(PoemTarget[..^1] + ",\"scoring_sum_my-model\":2}", rl[1].GetProperty("target").GetString());
        Assert.Equal(RainTarget[..^1] + ",\"follow_score_qwen2.5-7B-Instruct\":1}", rl[2].GetProperty("target").GetString());

        // The no-CoT prompt of spec §5.3: trigger, user turn, and an assistant turn pre-filled with an empty think block, greedy.
        Assert.Equal(3, chat.Requests.Count);
        var first = Assert.Single(chat.Requests, r => r.Count == 3 && r[1].Text == "Write a note about tea.");
        Assert.Equal(ChatRole.System, first[0].Role);
        Assert.Contains(CotTrigger.AnswerAnchor, first[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatRole.User, first[1].Role);
        Assert.Equal(ChatRole.Assistant, first[2].Role);
        Assert.Equal("<think>\n\n</think>\n", first[2].Text);
        Assert.All(chat.Options, o => Assert.Equal(0f, o!.Temperature));

        using var stats = JsonDocument.Parse(File.ReadAllBytes(summary.StatsPath));
        Assert.Equal(1, stats.RootElement.GetProperty("no_cot_scores").GetProperty("1").GetInt64());
        Assert.Equal(2, stats.RootElement.GetProperty("no_cot_scores").GetProperty("2").GetInt64());
    }

    [Fact]
    public async Task A_killed_scoring_run_resumes_without_asking_again_and_ends_byte_identical()
    {
        string input = Pairs();
        var reference = await ExportStage.RunAsync(input, Path.Combine(_dir, "reference"), new ExportOptions
        {
            NoCotScorer = new NoCotScorer(new ScriptedChatClient(Reply), new MarkedJudge()),
            Stage = new StageOptions { Concurrency = 1 },
        });

        string output = Path.Combine(_dir, "killed");
        using var cancel = new CancellationTokenSource();
        var killed = new ScriptedChatClient(Reply) { AnswerLimit = 2, CancelAfter = cancel };
        var options = new ExportOptions { NoCotScorer = new NoCotScorer(killed, new MarkedJudge()), Stage = new StageOptions { Concurrency = 1 } };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExportStage.RunAsync(input, output, options, cancellationToken: cancel.Token));
        Assert.False(File.Exists(Path.Combine(output, ExportStage.RlFile)));

        var resumedChat = new ScriptedChatClient(Reply);
        var resumed = await ExportStage.RunAsync(input, output, options with { NoCotScorer = new NoCotScorer(resumedChat, new MarkedJudge()) });
        Assert.Equal(2, resumed.ResumedFromJournal);
        // Two answered before the kill, one after: no record was asked twice.
        Assert.Equal(2, killed.Answered);
        Assert.Equal(1, resumedChat.Answered);
        var asked = killed.Requests.Concat(resumedChat.Requests).Select(r => r[1].Text).ToList();
        Assert.Equal(asked.Distinct().Count(), asked.Count);
        foreach (string file in new[] { ExportStage.RlFile, ExportStage.SftFile, ExportStage.StatsFile, ExportReportWriter.ReportFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference.RlPath[..^ExportStage.RlFile.Length], file)), File.ReadAllBytes(Path.Combine(output, file)));
    }

    [Fact]
    public async Task The_report_counts_stages_from_their_drops_and_writes_plots()
    {
        string input = Pairs();
        // An earlier stage beside the input: 3 kept, 2 dropped with reasons of one kind.
        File.WriteAllLines(Path.Combine(_dir, "respond.jsonl"), ["{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}"]);
        File.WriteAllLines(Path.Combine(_dir, "respond.drops.jsonl"),
            ["{\"id\":\"d\",\"stage\":\"respond\",\"reason\":\"endpoint error: 500\"}", "{\"id\":\"e\",\"stage\":\"respond\",\"reason\":\"endpoint error: timeout\"}"]);
        // verify.jsonl (the input) kept 3 and dropped 1.
        File.WriteAllLines(Path.Combine(_dir, "verify.drops.jsonl"), ["{\"id\":\"f\",\"stage\":\"verify\",\"reason\":\"quality: answer leakage\"}"]);
        var summary = await ExportStage.RunAsync(input, Path.Combine(_dir, "out"), new ExportOptions());

        using var stats = JsonDocument.Parse(File.ReadAllBytes(summary.StatsPath));
        var stages = stats.RootElement.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["respond", "verify", "export"], stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal(5, stages[0].GetProperty("input").GetInt64());
        Assert.Equal(0.6, stages[0].GetProperty("retention").GetDouble(), 1e-9); // 3 of 5
        Assert.Equal(2, stages[0].GetProperty("drop_reasons").GetProperty("endpoint error").GetInt64());
        Assert.Equal(0.75, stages[1].GetProperty("retention").GetDouble(), 1e-9); // 3 of 4
        Assert.Equal(0.6, stats.RootElement.GetProperty("overall_retention").GetDouble(), 1e-9); // 3 exported of 5 read
        Assert.Equal(1, stats.RootElement.GetProperty("languages").GetProperty("zh").GetInt64());
        Assert.Equal(2, stats.RootElement.GetProperty("constraint_ids").GetProperty("punctuation:no_comma").GetInt64());
        Assert.Equal(1, stats.RootElement.GetProperty("scoring_questions_per_record").GetProperty("3").GetInt64());
        // Instruction lengths by hand: 23, 5 and 14 characters.
        var instruction = stats.RootElement.GetProperty("lengths_chars").GetProperty("instruction").GetProperty("all");
        Assert.Equal((23 + 5 + 14) / 3.0, instruction.GetProperty("mean").GetDouble(), 1e-3);
        Assert.Equal(14, instruction.GetProperty("median").GetDouble(), 1e-9);

        string report = File.ReadAllText(summary.ReportPath);
        Assert.Contains("| respond | 5 | 3 | 2 | 60.0 % | endpoint error (2) |", report, StringComparison.Ordinal);
        Assert.NotEmpty(summary.Plots);
        foreach (string plot in summary.Plots)
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);
        Assert.Contains(summary.Plots, p => p.EndsWith("stages.png", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_record_without_an_instruction_names_file_line_and_field()
    {
        string path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(path, ["{\"id\":\"x\",\"instruction\":\"ok\",\"target\":\"{}\",\"task\":\"ifeval\"}", "{\"id\":\"y\",\"target\":\"{}\",\"task\":\"ifeval\"}"]);
        var error = await Assert.ThrowsAsync<JsonlException>(() => ExportStage.RunAsync(path, Path.Combine(_dir, "out"), new ExportOptions()));
        Assert.Contains("bad.jsonl", error.Message, StringComparison.Ordinal);
        Assert.Contains(":2", error.Message, StringComparison.Ordinal);
        Assert.Contains("instruction", error.Message, StringComparison.Ordinal);

        var skipped = await ExportStage.RunAsync(path, Path.Combine(_dir, "skip"), new ExportOptions { Stage = new StageOptions { SkipBadLines = true } });
        Assert.Equal(1, skipped.Records);
        Assert.Equal(1, skipped.Dropped);
    }
}
