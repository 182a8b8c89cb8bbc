using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Raif.Evaluation.Benchmarks;
using Raif.Evaluation.Benchmarks.ComplexBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Run;
using Raif.Evaluation.Tests.Judging;

namespace Raif.Evaluation.Tests.Benchmarks.ComplexBench;

/// <summary>
/// The full ComplexBench run (extractor/judge calls, rules, dependencies, aggregation) on the hand-made fixture.
/// Expected verdicts, worked by hand from upstream's code (thu-coai/ComplexBench 749f457):
/// <list type="bullet">
/// <item>main_id 0 (And): q0 extractor "all" → the whole response "春风拂面，万物复苏。", 10 code points ∈ [1,10] → T;
/// q1 "all" → keyword 春 present → T; q2 judge "答案：是" → T.</item>
/// <item>main_id 1 (Chain_1): q0 judge "答案：是\n更正后答案：否" has two matches, so the fallback decides: it holds
/// 是 and 否 → F; q1 "是的，…" (no 答案：, 是 without 否) → T; q2 extractor span "红红苹果挂枝头，完" ends with 完 → T.
/// Both depend on q0 (F), so point_judges_rely = [F, F, F].</item>
/// <item>main_id 2 (Selection_1, g1): q0 T; q1 span "奇数。" = "奇数" + "。" → match → T.</item>
/// <item>main_id 3 (Selection_1, g1): q0 F; q1 reply without the marker, "评分对象：奇数" → span "奇数" ≠ 偶数 → F.</item>
/// <item>main_id 4 (Selection_and_Chain_2, g2): q0 T; q1 span cut before "\n\n注意" starts with 正确 → T; q2 T;
/// q3 ("each" rule) two spans both start with 理由 → T; q4 rule "model_persuasive:[]" matches no rule branch → 2.</item>
/// </list>
/// Rely: [T,T,T] [F,F,F] [T,T] [F,F] [T,T,T,T,2]: 9 of 15 are True (2 counts as not met) → overall_drfr 0.6.
/// (Upstream's own Python, run on these files outside the repository, gives the same statistics.)
/// </summary>
public sealed class ComplexBenchScorerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-complexbench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const ComplexBenchVerdict T = ComplexBenchVerdict.True, F = ComplexBenchVerdict.False, U = ComplexBenchVerdict.Undecidable;

    private static void AssertFixtureVerdicts(IReadOnlyList<ComplexBenchItemResult> results)
    {
        Assert.Equal(["0", "1", "2", "3", "4"], results.Select(r => r.Item.Id));
        Assert.Equal([T, T, T], results[0].PointJudges);
        Assert.Equal([F, T, T], results[1].PointJudges);
        Assert.Equal([F, F, F], results[1].PointJudgesRely);
        Assert.Equal([T, T], results[2].PointJudgesRely);
        Assert.Equal([F, F], results[3].PointJudges);
        Assert.Equal([T, T, T, T, U], results[4].PointJudgesRely);
        Assert.Equal(["理由1：日心说已被证实。", "理由2：地球自转造成昼夜。"], results[4].Spans[3]!);
        Assert.Null(results[4].Spans[0]);
    }

    /// <summary>The statistics worked by hand (see the class comment for the verdicts).</summary>
    private static void AssertFixtureStatistics(JsonObject s)
    {
        Assert.Equal(0.6, (double)s["overall_drfr"]!, 1e-12);                                  // 9 / 15
        // Per category: And 3/3; Chain_1 0/3; Selection_1 (2+0)/4; Selection_and_Chain_2 4/5 (the 2 is not True).
        var categories = s["categorized_drfr"]!.AsObject();
        Assert.Equal(["And", "Chain_1", "Selection_1", "Selection_and_Chain_2"], categories.Select(p => p.Key));
        Assert.Equal(0.5, (double)categories["Selection_1"]!, 1e-12);
        Assert.Equal(0.8, (double)categories["Selection_and_Chain_2"]!, 1e-12);
        // category.split("_")[0]: Selection = (2 + 4) / (4 + 5).
        Assert.Equal(6.0 / 9, (double)s["categorized_avg_drfr"]!["Selection"]!, 1e-12);
        Assert.Equal(0.0, (double)s["categorized_avg_drfr"]!["Chain"]!, 1e-12);
        // Unsorted, in upstream's dict order: keys with a True verdict first (in data order), then Creative Writing
        // (main_id 1, no True) appended by the ratio loop.
        var tasks = s["task_types_drfr"]!.AsObject();
        Assert.Equal(["Practical Writing", "Logical Reasoning", "Professional Writing", "Creative Writing"], tasks.Select(p => p.Key));
        Assert.Equal(0.5, (double)tasks["Logical Reasoning"]!, 1e-12);
        // Nesting = sorted composition_types joined: main_id 4 is Chain_Selection, 4/5.
        Assert.Equal(["And", "Chain", "Chain_Selection", "Selection"], s["nested_methods_drfr"]!.AsObject().Select(p => p.Key));
        Assert.Equal(0.8, (double)s["nested_methods_drfr"]!["Chain_Selection"]!, 1e-12);
        // Per type, truthy counting (2 counts as met): Utillity = Helpfulness(1 F) + Factuality(3 T, 1 F) + Supportiveness(2) = 4/6;
        // Chain = main_id 1 q0, q1 (F) + main_id 4 q1 (T) = 1/3.
        Assert.Equal(4.0 / 6, (double)s["constraint_types_and_composition_types_acc"]!["Utillity"]!, 1e-12);
        Assert.Equal(1.0 / 3, (double)s["constraint_types_and_composition_types_acc"]!["Chain"]!, 1e-12);
        Assert.Equal(1.0, (double)s["each_constraint_dimensions_and_composition_types_acc"]!["Supportiveness"]!, 1e-12);
        Assert.Equal(0.75, (double)s["each_constraint_dimensions_and_composition_types_acc"]!["Factuality"]!, 1e-12);
        // Coherent tests: g1 (depth 1) has main_id 2 passing and 3 failing → origin 1/2, coherent 0/1, drop 1;
        // g2 (depth 2: two Selection questions) has main_id 4, whose 2 does not fail it → 1, 1, drop 0.
        Assert.Equal(0.5, (double)s["single_origin_test"]!, 1e-12);
        Assert.Equal(0.0, (double)s["single_coherent_test"]!, 1e-12);
        Assert.Equal(1.0, (double)s["single_relative_drop"]!, 1e-12);
        Assert.Equal(1.0, (double)s["multiple_coherent_test"]!, 1e-12);
        Assert.Equal(0.0, (double)s["miltiple_relative_drop"]!, 1e-12);
    }

    [Fact]
    public async Task A_fake_judge_gets_upstream_prompts_and_the_fixture_scores_as_worked_by_hand()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        var responses = ComplexBenchData.ReadResponses(ComplexBenchFixture.Responses, items);
        var asked = new List<(string Id, int Question, string Prompt)>();
        var chat = ComplexBenchFixture.Judge(asked);
        using var log = JudgmentLog.InMemory();
        using var judge = new JudgeClient(chat, log);

        var results = await ComplexBenchScorer.ScoreAsync(items, responses, judge);

        AssertFixtureVerdicts(results);
        AssertFixtureStatistics(ComplexBenchReport.Scores(results));
        // Every question is asked once, dependents of a failed question included (upstream asks them all).
        Assert.Equal(15, chat.Calls);
        Assert.Equal(15, asked.Select(a => (a.Id, a.Question)).Distinct().Count());
        string Prompt(string id, int q) => asked.Single(a => a.Id == id && a.Question == q).Prompt;
        // LLM questions get EVALUATION_PROMPT, rule questions EXTRACTION_PROMPT, "each" rules EXTRACTION_PROMPT_EACH.
        Assert.StartsWith("\n请你作为一个客观公正的评委", Prompt("1", 1), StringComparison.Ordinal);
        Assert.StartsWith("你是一个信息抽取专家", Prompt("1", 2), StringComparison.Ordinal);
        Assert.DoesNotContain("已知评分对象在【模型回复】中存在多个", Prompt("1", 2), StringComparison.Ordinal);
        Assert.Contains("已知评分对象在【模型回复】中存在多个", Prompt("4", 3), StringComparison.Ordinal);
        // Paired by position (the file's main_ids are 100–104): entry 1's prompt shows line 2's response.
        Assert.Contains("【模型回复】\n苹果\n红红苹果挂枝头，完\n", Prompt("1", 2), StringComparison.Ordinal);
        Assert.Contains("**模型回复**\n苹果\n红红苹果挂枝头，完\n", Prompt("1", 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_texts_are_shown_with_lang_en()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        var responses = ComplexBenchData.ReadResponses(ComplexBenchFixture.Responses, items);
        var asked = new List<(string Id, int Question, string Prompt)>();
        using var log = JudgmentLog.InMemory();
        using var judge = new JudgeClient(ComplexBenchFixture.Judge(asked), log);
        var results = await ComplexBenchScorer.ScoreAsync(items, responses, judge, ComplexBenchLanguage.En);
        AssertFixtureVerdicts(results);
        string prompt = asked.Single(a => a.Id == "0" && a.Question == 2).Prompt;
        Assert.Contains("**输入指令**\nWrite one sentence about spring", prompt, StringComparison.Ordinal);
        Assert.Contains("**问题**\nIs the response about spring?\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replies_from_a_judgments_file_score_without_responses_or_a_judge()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        using var log = JudgmentLog.InMemory();
        // Entry 0's extractor replies are "all" (the whole response), so it needs the response; the other four do not.
        foreach (var line in File.ReadAllLines(ComplexBenchFixture.Judgments).Skip(3))
        {
            var j = JsonNode.Parse(line)!;
            log.Append(new JudgeReply((string)j["id"]!, (int)j["question"]!, (string)j["reply"]!));
        }
        using var judge = new JudgeClient(null, log);
        var results = await ComplexBenchScorer.ScoreAsync(items, null, judge);
        Assert.Equal(["1", "2", "3", "4"], results.Select(r => r.Item.Id));
        Assert.Equal([F, F, F], results[0].PointJudgesRely);
        Assert.Equal([T, T, T, T, U], results[3].PointJudgesRely);
        Assert.Equal(0, judge.Calls);
    }

    [Fact]
    public async Task An_all_reply_without_the_response_and_a_missing_reply_without_a_judge_are_errors()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        using var log = JudgmentLog.InMemory();
        log.Append(new JudgeReply("0", 0, "评分对象：all"));
        using var judge = new JudgeClient(null, log);
        var all = await Assert.ThrowsAsync<InvalidDataException>(() => ComplexBenchScorer.ScoreAsync(items, null, judge));
        Assert.Contains("main_id 0, scoring question 0", all.Message, StringComparison.Ordinal);

        var responses = ComplexBenchData.ReadResponses(ComplexBenchFixture.Responses, items);
        var missing = await Assert.ThrowsAsync<InvalidDataException>(() => ComplexBenchScorer.ScoreAsync(items, responses, judge));
        Assert.Contains("no judge to ask", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_run_resumes_from_its_judgments_file_without_asking_again()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        var responses = ComplexBenchData.ReadResponses(ComplexBenchFixture.Responses, items);
        string path = Path.Combine(_dir, "judgments.jsonl");
        var first = new List<(string Id, int Question, string Prompt)>();
        using var stop = new CancellationTokenSource();
        int calls = 0;
        // The 6th reply cancels the run (as Ctrl-C would); replies already received stay in the log.
        var interrupted = ComplexBenchFixture.Judge(first, () =>
        {
            if (Interlocked.Increment(ref calls) == 6)
                stop.Cancel();
        });
        using (var log = JudgmentLog.Open(path))
        using (var judge = new JudgeClient(interrupted, log, new JudgeCallOptions(Concurrency: 2)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ComplexBenchScorer.ScoreAsync(items, responses, judge, cancellationToken: stop.Token));
        int logged = File.ReadAllLines(path).Length;
        Assert.InRange(logged, 1, 14);

        var second = new List<(string Id, int Question, string Prompt)>();
        var resumed = ComplexBenchFixture.Judge(second);
        using (var log = JudgmentLog.Open(path))
        using (var judge = new JudgeClient(resumed, log))
        {
            var results = await ComplexBenchScorer.ScoreAsync(items, responses, judge);
            AssertFixtureVerdicts(results);
            AssertFixtureStatistics(ComplexBenchReport.Scores(results));
        }
        // Only what the first run had not logged is asked, and every question is logged exactly once.
        Assert.Equal(15 - logged, resumed.Calls);
        var lines = File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!).Select(j => ((string)j["id"]!, (int)j["question"]!)).ToList();
        Assert.Equal(15, lines.Count);
        Assert.Equal(15, lines.Distinct().Count());
    }

    [Theory]
    // Hand-worked from llm_based_evaluation.py: exactly one "答案：是|答案：否" decides; otherwise 是 without 否.
    [InlineData("分析：满足。\n答案：是", true)]
    [InlineData("分析：不满足。\n答案：否", false)]
    [InlineData("答案：是\n但再想想，答案：否", false)]   // two matches → fallback: has 否
    [InlineData("答案：是。答案：是", true)]            // two matches → fallback: 是 present, no 否
    [InlineData("是的，模型满足要求", true)]             // no match, 是 without 否
    [InlineData("不是", true)]                         // upstream quirk: 不是 contains 是 and no 否
    [InlineData("", false)]
    [InlineData("答案: 是", true)]                     // ASCII colon is no match; 是 without 否
    public void Judge_replies_parse_as_upstream(string reply, bool expected)
    {
        Assert.Equal(expected, ComplexBenchPrompts.ParseJudgeReply(reply));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Prompts_are_filled_as_upstream_str_format_fills_them()
    {
        // Golden hashes from upstream's own prompts module (RAL_evaluator.py / RAL_extractor.py at 749f457) in
        // Python 3: EVALUATION_PROMPT.format(input=…, output=…, question=…) etc., UTF-8, sha256.
        Assert.Equal("41d07e7813e19591b8c61e83c840a3ec7bd9a63127c5faad95c1209f491bfc39",
            Sha256(ComplexBenchPrompts.Judge("写一首诗。", "床前明月光。{question}", "模型是否生成了诗歌？")));
        Assert.Equal("2d0e52d35607f0c70e775e0c84436fb444ce8888effba5034893970aab28af41",
            Sha256(ComplexBenchPrompts.Extractor("model_keyword_each:[A]", "列出三个名字，{x}", "A||B", "每个名字是否以A开头？")));
        // instruction[:6000] and output[:4000] count code points: "😀"*5999 + "ab" keeps "a"; "é"*3999 + "😀xyz" keeps the emoji.
        string instruction = string.Concat(Enumerable.Repeat("😀", 5999)) + "ab";
        string response = new string('é', 3999) + "😀xyz";
        Assert.Equal("881a68ff49eaad9147246adffa2222cb460bf112a9a876eac1d8b75c0d734c1f",
            Sha256(ComplexBenchPrompts.Extractor("model_length:[1,2]", instruction, response, "q")));
    }

    [Fact]
    public void Responses_pair_upstream_lines_by_position_and_uniform_lines_by_id()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        var upstream = ComplexBenchData.ReadResponses(ComplexBenchFixture.Responses, items);
        Assert.Equal("奇数", upstream.ById["3"]);
        string uniform = Path.Combine(_dir, "uniform.jsonl");
        File.WriteAllLines(uniform, ["""{"id": 4, "response": "r4"}""", """{"id": "0", "response": "r0"}"""]);
        var byId = ComplexBenchData.ReadResponses(uniform, items);
        Assert.Equal("r4", byId.ById["4"]);
        Assert.Equal(2, byId.ById.Count);

        File.WriteAllLines(uniform, ["""{"id": 0, "response": "r0"}""", """{"id": 9, "response": "r9"}"""]);
        var unknown = Assert.Throws<Raif.Core.Jsonl.JsonlException>(() => ComplexBenchData.ReadResponses(uniform, items));
        Assert.Contains($"{uniform}:2: field 'id'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_final_json_is_named_with_where_to_get_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new ComplexBenchBenchmark().LoadPrompts(_dir));
        Assert.Contains(Path.Combine(_dir, "data_final.json"), e.Message, StringComparison.Ordinal);
        Assert.Contains("thu-coai/ComplexBench", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_run_asks_the_instruction_and_headlines_overall_drfr()
    {
        var generated = ComplexBenchFixture.Generated;
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        var prompts = new List<string>();
        var policy = new ScriptedChatClient(m =>
        {
            string user = m.Last().Text;
            lock (prompts)
                prompts.Add(user);
            return generated[items.ToList().FindIndex(i => i.Instruction == user)];
        });
        var judge = ComplexBenchFixture.Judge([]);
        string output = Path.Combine(_dir, "out");
        var report = await new EvalRunner(new PolicyClient(policy), judge).RunAsync(
            [new BenchmarkSpec(BenchmarkCatalog.Create("complexbench"), ComplexBenchFixture.Folder)],
            new EvalRunOptions(output, PromptingMode.Io, "scripted"));
        Assert.Equal(5, prompts.Count);
        var result = Assert.Single(report.Benchmarks).Result;
        Assert.Equal(60.0, result.Headline, 1e-9);                 // overall_drfr 9/15, in percent
        Assert.Equal(15, judge.Calls);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "complexbench", "items.jsonl")).Length);
        Assert.Equal(15, File.ReadAllLines(Path.Combine(output, "complexbench", "judgments.jsonl")).Length);
    }

    [Fact]
    public async Task A_limited_run_without_selection_groups_reports_the_coherent_tests_as_null()
    {
        var items = ComplexBenchData.ReadItems(ComplexBenchFixture.Folder);
        var responses = ComplexBenchData.ReadResponses(ComplexBenchFixture.Responses, items);
        var first = new ComplexBenchResponses("first two", new Dictionary<string, string?> { ["0"] = responses.ById["0"], ["1"] = responses.ById["1"] });
        using var log = JudgmentLog.InMemory();
        using var judge = new JudgeClient(ComplexBenchFixture.Judge([]), log);
        var scores = ComplexBenchReport.Scores(await ComplexBenchScorer.ScoreAsync(items, first, judge));
        Assert.Equal(0.5, (double)scores["overall_drfr"]!, 1e-12);   // [T,T,T] and [F,F,F]: 3 / 6
        Assert.Null(scores["single_origin_test"]);
        Assert.Null(scores["miltiple_relative_drop"]);
    }
}
