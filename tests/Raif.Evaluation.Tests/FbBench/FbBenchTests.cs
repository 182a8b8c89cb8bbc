using Raif.Evaluation.FbBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Numerics;
using Raif.Evaluation.Python;
using Raif.Evaluation.Responses;
using Raif.Evaluation.Tests.Judging;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.FbBench;

/// <summary>FB-Bench's reply checks, get_score, re-ask limits and averages, as upstream's gen_judgment.py and show_results.py state them.</summary>
public sealed class FbBenchTests : IDisposable
{
    private const string Template = "{user_query}|{origin_first_response}|{feedback}|{second_response}|{checklist}|{checklist_judgement}";

    private readonly string _dir = Directory.CreateTempSubdirectory("raif-fbbench-").FullName;

    private static FbBenchItem Ec(string id, string task = "Mathematics", params (string Text, double Weight)[] checklist) => new(
        id, FbBenchItem.ErrorCorrection, task, "query " + id, "first", "feedback", ["Logical Error"], ["Pointing Out Errors"],
        [.. checklist.Select(c => (object?)new List<object?> { c.Text, c.Weight })]);

    private static FbBenchItem Rm(string id, string task = "Coding", params string[] checklist) => new(
        id, FbBenchItem.ResponseMaintenance, task, "query " + id, "first", "feedback", [], ["Misinformation"], [.. checklist.Cast<object?>()]);

    private static OrderedDictionary<string, object?> Judgement(string json)
    {
        Assert.True(PyJson.TryLoads(json, out var value, out string error), error);
        return Assert.IsType<OrderedDictionary<string, object?>>(value);
    }

    [Fact]
    public void Get_score_adds_the_weights_of_yes_and_returns_1_for_a_yes_without_weight()
    {
        var ec = Judgement("""{"a": {"评判理由": "r", "评判结果": "是", "weight": 0.3}, "b": {"评判理由": "r", "评判结果": "否", "weight": 0.7}}""");
        Assert.Null(FbBenchJudgement.Check(ec));
        Assert.Equal(PyNumber.Float(0.3), FbBenchJudgement.Score(ec));
        var rm = Judgement("""{"a": {"评判理由": "r", "评判结果": "否", "weight": null}, "b": {"评判理由": "r", "评判结果": "是", "weight": null}}""");
        Assert.Equal(PyNumber.Int(1), FbBenchJudgement.Score(rm));
        var none = Judgement("""{"a": {"评判理由": "r", "评判结果": "否", "weight": null}}""");
        Assert.Equal(PyNumber.Int(0), FbBenchJudgement.Score(none));
        // The judge's own weights count, in its order; an int weight keeps the score an int.
        var ints = Judgement("""{"a": {"评判理由": "r", "评判结果": "是", "weight": 1}}""");
        Assert.Equal(PyNumber.Int(1), FbBenchJudgement.Score(ints));
    }

    [Theory]
    [InlineData("""[1]""")]
    [InlineData("""{"a": "text"}""")]
    [InlineData("""{"": {"评判理由": "r", "评判结果": "是", "weight": null}}""")]
    [InlineData("""{"a": {"评判结果": "是", "weight": null}}""")]
    [InlineData("""{"a": {"评判理由": "", "评判结果": "是", "weight": null}}""")]
    [InlineData("""{"a": {"评判理由": "r", "评判结果": "是的", "weight": null}}""")]
    [InlineData("""{"a": {"评判理由": "r", "评判结果": "是", "weight": 0}}""")]
    [InlineData("""{"a": {"评判理由": "r", "评判结果": "是", "weight": 1.5}}""")]
    [InlineData("""{"a": {"评判理由": "r", "评判结果": "是", "weight": "0.5"}}""")]
    [InlineData("""{"a": {"评判理由": "r", "评判结果": "是", "weight": NaN}}""")]
    public void Check_rejects_what_check_gpt_judge_rejects(string json)
    {
        Assert.True(PyJson.TryLoads(json, out var value, out _));
        Assert.NotNull(FbBenchJudgement.Check(value));
    }

    [Fact]
    public void Check_accepts_a_boolean_weight_as_python_does()
    {
        // isinstance(True, int) and 0 < True <= 1 hold in Python.
        var judgement = Judgement("""{"a": {"评判理由": "r", "评判结果": "是", "weight": true}}""");
        Assert.Null(FbBenchJudgement.Check(judgement));
        Assert.Equal(PyNumber.Int(1), FbBenchJudgement.Score(judgement));
    }

    [Fact]
    public void The_prompt_shows_the_checklist_as_python_repr_and_the_skeleton_as_indented_json()
    {
        var ec = Ec("0", "Mathematics", ("步骤正确", 0.6), ("答案是'4'", 0.4));
        string prompt = new FbBenchPrompt(Template).Render(ec, "second");
        // Python: repr([['步骤正确', 0.6], ["答案是'4'", 0.4]]) and json.dumps({...}, indent=4, ensure_ascii=False)
        string skeleton = "{\n    \"步骤正确\": {\n        \"评判理由\": \"\",\n        \"评判结果\": \"\",\n        \"weight\": 0.6\n    },\n    \"答案是'4'\": {\n        \"评判理由\": \"\",\n        \"评判结果\": \"\",\n        \"weight\": 0.4\n    }\n}";
        Assert.Equal("query 0|first|feedback|second|[['步骤正确', 0.6], [\"答案是'4'\", 0.4]]|" + skeleton, prompt);
        string rm = new FbBenchPrompt("{checklist}").Render(Rm("1", "Coding", "坚持原答案"), "x");
        Assert.Equal("['坚持原答案']", rm);
        Assert.Contains("\"weight\": null", new FbBenchPrompt("{checklist_judgement}").Render(Rm("1", "Coding", "坚持原答案"), "x"));
    }

    [Fact]
    public async Task Non_json_replies_are_re_asked_ten_times_per_try_and_three_tries_per_item()
    {
        var item = Rm("5", "Coding", "a");
        var chat = new ScriptedChatClient(_ => "not json");
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        var results = await new FbBenchScorer(new FbBenchPrompt(Template)).ScoreAsync([item], Responses(item), client);
        Assert.Equal(30, chat.Calls);
        Assert.False(results[0].Judged);
        Assert.Null(results[0].Score);
    }

    [Fact]
    public async Task A_reply_failing_the_check_costs_a_try_and_an_empty_object_ends_a_try()
    {
        var item = Rm("5", "Coding", "a");
        string[] replies =
        [
            """{"a": {"评判理由": "r", "评判结果": "maybe", "weight": null}}""",   // try 1: JSON, fails the check
            "{}",                                                                   // try 2: falsy JSON, the try fails
            """{"a": {"评判理由": "r", "评判结果": "是", "weight": null}}""",       // try 3: accepted
        ];
        int n = 0;
        var chat = new ScriptedChatClient(_ => replies[n++]);
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        var results = await new FbBenchScorer(new FbBenchPrompt(Template)).ScoreAsync([item], Responses(item), client);
        Assert.Equal(3, chat.Calls);
        Assert.Equal(1.0, results[0].Score);
    }

    [Fact]
    public void Scores_are_the_macro_average_of_task_cells_rounded_to_four_places_times_100()
    {
        FbBenchItemScore Scored(FbBenchItem item, PyNumber score) => new(item, [], score, 1, null);
        FbBenchItemScore[] results =
        [
            Scored(Ec("0", "Mathematics"), PyNumber.Int(1)),
            Scored(Ec("1", "Mathematics"), PyNumber.Float(0.5)),
            Scored(Ec("2", "Coding"), PyNumber.Int(0)),
            Scored(Rm("3", "Coding"), PyNumber.Int(1)),
            new(Rm("4", "Coding"), null, null, 30, "not JSON"),   // unjudged: left out
        ];
        var scores = FbBenchScores.Compute(results);
        // EC cells: Mathematics (1 + 0.5) / 2 = 0.75, Coding 0 → (0.75 + 0) / 2 = 0.375 → 37.5.
        Assert.Equal(37.5, scores.Headline.ErrorCorrection!.Value, 1e-9);
        Assert.Equal(100.0, scores.Headline.ResponseMaintenance!.Value, 1e-9);
        // Overall: cells 0.75, 0, 1 → 0.5833333 → round 4 → 0.5833 → 58.33.
        Assert.Equal(58.33, scores.Headline.Overall!.Value, 1e-9);
        Assert.Equal(37.5 - 100.0, scores.EcMinusRm!.Value, 1e-9);
        Assert.Equal((4, 1), (scores.Judged, scores.Unjudged));
        var coding = scores.PerTask.Single(t => t.Name == "Coding").Scores;
        Assert.Null(coding.ErrorCorrection);                     // 0 → None ("x * 100 if x else None")
        Assert.Equal(100.0, coding.ResponseMaintenance!.Value, 1e-9);
        Assert.Equal(["Coding", "Knowledge Q&A", "Mathematics", "Reasoning", "Text Creation", "Text Error Correction", "Text Extraction", "Text Translation"],
            scores.PerTask.Select(t => t.Name));
    }

    [Fact]
    public async Task An_interrupted_judge_run_resumes_without_asking_again()
    {
        var items = Enumerable.Range(0, 5).Select(i => Rm(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Coding", "a")).ToArray();
        string path = Path.Combine(_dir, "judgments.jsonl");
        const string Yes = """{"a": {"评判理由": "r", "评判结果": "是", "weight": null}}""";
        int calls = 0;
        var interrupted = new ScriptedChatClient(_ => ++calls > 3 ? throw new OperationCanceledException("interrupted") : Yes);
        using (var log = JudgmentLog.Open(path))
        using (var client = new JudgeClient(interrupted, log, new JudgeCallOptions(Concurrency: 1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FbBenchScorer(new FbBenchPrompt(Template)).ScoreAsync(items, Responses(items), client));
        }
        var resumed = new ScriptedChatClient(_ => Yes);
        using (var log = JudgmentLog.Open(path))
        using (var client = new JudgeClient(resumed, log))
        {
            var results = await new FbBenchScorer(new FbBenchPrompt(Template)).ScoreAsync(items, Responses(items), client);
            Assert.All(results, r => Assert.Equal(1.0, r.Score));
        }
        Assert.Equal(2, resumed.Calls);
    }

    [SkippableFact]
    public void Published_dataset_and_responses_are_read()
    {
        string data = TestDataFolder.External("fbbench");
        var items = FbBenchData.ReadItems(data);
        // README: 591 items, Error Correction 281 / Response Maintenance 310, Mathematics 95.
        Assert.Equal(591, items.Count);
        Assert.Equal(281, items.Count(i => i.BenchType == FbBenchItem.ErrorCorrection));
        Assert.Equal(95, items.Count(i => i.TaskType == "Mathematics"));
        Assert.All(items.Where(i => i.BenchType == FbBenchItem.ResponseMaintenance), i => Assert.IsType<string>(i.Checklist[0]));
        var responses = FbBenchData.ReadResponses(Path.Combine(data, "responses", "DeepSeek-V3.jsonl"), items);
        Assert.Equal(591, responses.Count);
        Assert.Equal(591, responses.Ids.Distinct().Count());
        // Every Error Correction checklist renders a skeleton whose weights are the annotation's.
        foreach (var item in items.Where(i => i.BenchType == FbBenchItem.ErrorCorrection))
        {
            var skeleton = FbBenchPrompt.AnswerSkeleton(item);
            Assert.True(PyJson.TryLoads(PyRepr.JsonDumps(skeleton), out var back, out _));
            Assert.Equal(skeleton.Count, ((OrderedDictionary<string, object?>)back!).Count);
        }
    }

    private static ResponseSet Responses(params FbBenchItem[] items)
    {
        var set = new ResponseSet("test");
        foreach (var item in items)
            set.Add(item.Id, "second " + item.Id, "test");
        return set;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
