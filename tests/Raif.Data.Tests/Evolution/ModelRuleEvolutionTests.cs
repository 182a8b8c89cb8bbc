using System.Text.Json;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Data.Evolution;
using Raif.Data.Models;
using Raif.Data.Seeds;
using Raif.Data.Stages;
using Raif.Data.Tests.Models;
using Raif.Rewards;
using Raif.Rewards.IfEval;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Tests.Evolution;

public sealed class ModelRuleEvolutionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-evolve-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Words no built-in seed contains, so a test can tell the model's words from the seed's.
    private const string EnglishWords = """{"keywords": ["lantern", "meadow"], "frequency_keyword": "compass", "forbidden_words": ["volcano", "saxophone"], "first_word": "meanwhile"}""";
    private const string ChineseWords = """{"keywords": ["灯笼", "草地"], "frequency_keyword": "指南针", "forbidden_words": ["火山", "萨克斯"], "first_word": "同时"}""";

    private static string FittedWords(IReadOnlyList<ChatMessage> conversation) =>
        conversation[0].Text.Contains("任务：", StringComparison.Ordinal) ? ChineseWords : EnglishWords;

    private static EvolveOptions Evolve => new() { RandomSeed = 4, MaxConstraints = 5 };

    private Task<StageSummary> Run(string input, string outDir, IChatClient chat, ModelRuleEvolutionOptions? options = null, CancellationToken ct = default) =>
        ModelRuleEvolution.RunAsync(input, outDir, chat, Evolve, options ?? new ModelRuleEvolutionOptions { Stage = new StageOptions { Concurrency = 4 } }, null, ct);

    [Fact]
    public async Task Every_seed_gets_one_record_whose_semantic_arguments_are_the_model_words_and_a_compliant_answer_passes()
    {
        string input = StageFiles.WriteSeeds(_dir, 80);
        var chat = new FakeChatClient(FittedWords);
        var summary = await Run(input, Path.Combine(_dir, "out"), chat);
        Assert.Equal(80, summary.Kept);
        Assert.Equal(80, chat.Calls);
        var lines = JsonlReader.ReadLines(summary.OutputPath).ToList();
        var seeds = JsonlReader.ReadLines(input).Select(l => SeedLine.From(l, "text")).ToDictionary(s => s.Id);
        var inputs = new List<RewardInput>();
        int semantic = 0;
        foreach (var line in lines)
        {
            var seed = seeds[line.RequiredString("seed_id")];
            Assert.Equal(seed.Language, line.RequiredString("language"));
            Assert.Contains(seed.Text, line.RequiredString("instruction"));
            var target = IfevalTarget.Parse(line.RequiredString("target"));
            Assert.True(ConflictTable.Default.IsValid(target.InstructionIds), string.Join(", ", target.InstructionIds));
            var constraints = new List<Constraint>();
            for (int i = 0; i < target.InstructionIds.Count; i++)
            {
                string id = target.InstructionIds[i];
                var kwargs = target.Kwargs[i];
                InstructionRegistry.Default.Create(id, kwargs, new IfevalOptions(IfevalVariant.Official)); // throws on a bad argument
                bool zh = seed.Language == Seed.Chinese;
                switch (id)
                {
                    case IfevalIds.KeywordsExistence:
                        Assert.Equal(zh ? ["灯笼", "草地"] : ["lantern", "meadow"], kwargs.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
                        semantic++;
                        break;
                    case IfevalIds.KeywordsFrequency:
                        Assert.Equal(zh ? "指南针" : "compass", kwargs.GetProperty("keyword").GetString());
                        semantic++;
                        break;
                    case IfevalIds.KeywordsForbiddenWords:
                        Assert.Equal(zh ? ["火山", "萨克斯"] : ["volcano", "saxophone"], kwargs.GetProperty("forbidden_words").EnumerateArray().Select(k => k.GetString()));
                        semantic++;
                        break;
                    case IfevalIds.NthParagraphFirstWord:
                        Assert.Equal("meanwhile", kwargs.GetProperty("first_word").GetString());
                        semantic++;
                        break;
                }
                constraints.Add(new Constraint(id, [.. kwargs.EnumerateObject().Select(p => new KeyValuePair<string, object>(p.Name, p.Value.ValueKind switch
                {
                    JsonValueKind.Number => p.Value.GetInt64(),
                    JsonValueKind.Array => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(),
                    _ => (object)p.Value.GetString()!,
                }))]));
            }
            string answer = CompliantAnswer.For(constraints, seed);
            inputs.Add(new RewardInput(line.RequiredString("input"), "I follow each requirement.</think><answer>" + answer + "</answer>", line.RequiredString("target"), line.RequiredString("task"), line.RequiredString("id")));
        }
        Assert.True(semantic > 10, $"only {semantic} semantic constraints in 80 records: the test checks too little");
        var results = await new RewardCalculator().ScoreBatchAsync(inputs);
        Assert.All(results, r => Assert.True(!r.Failed && r.PassCount == r.N && r.FormatValid, $"{r.Reason} {r.Error}"));
        // The trainer's loader reads them as they are and routes them to the IFEval verifiers.
        Assert.All(RlPrompt.ReadAll(summary.OutputPath), p => Assert.Equal(Raif.Core.Tasks.TaskKind.IfEval, p.Route.Kind));
    }

    [Fact]
    public async Task A_broken_reply_is_answered_with_its_error_and_the_second_reply_is_used()
    {
        string input = StageFiles.WriteSeeds(_dir, 6);
        var chat = new FakeChatClient(c => c.Count == 1 ? "Here are some words: lantern, meadow." : FittedWords(c));
        var summary = await Run(input, Path.Combine(_dir, "out"), chat);
        Assert.Equal(6, summary.Kept);
        Assert.Equal(12, chat.Calls);
        var retry = chat.Conversations.First(c => c.Count == 3);
        Assert.Equal(ChatRole.Assistant, retry[1].Role);
        Assert.Equal("Here are some words: lantern, meadow.", retry[1].Text);
        Assert.Contains("must be one JSON object", retry[2].Text);
    }

    [Fact]
    public async Task Replies_that_stay_broken_drop_the_seed_with_the_reason_or_fall_back_to_the_seed_words()
    {
        string input = StageFiles.WriteSeeds(_dir, 6);
        var chat = new FakeChatClient(_ => """{"keywords": ["lantern"]}""");
        var call = new ModelCallOptions(ReplyRetries: 1);
        var dropped = await Run(input, Path.Combine(_dir, "drop"), chat, new ModelRuleEvolutionOptions { Call = call });
        Assert.Equal(0, dropped.Kept);
        Assert.Equal(6, dropped.Dropped);
        Assert.Equal(12, chat.Calls);
        Assert.All(JsonlReader.ReadLines(dropped.DropsPath), l =>
        {
            Assert.Equal("evolve-rules", l.RequiredString("stage"));
            Assert.Equal("semantic words: 2 replies broke the format; last: \"keywords\" must be a list of exactly 2 words as JSON strings", l.RequiredString("reason"));
        });

        var fallback = await Run(input, Path.Combine(_dir, "fallback"), chat, new ModelRuleEvolutionOptions { Call = call, OnBrokenReply = BrokenWordsReply.SeedWords });
        Assert.Equal(6, fallback.Kept);
        foreach (var line in JsonlReader.ReadLines(fallback.OutputPath))
        {
            var target = IfevalTarget.Parse(line.RequiredString("target"));
            string instruction = line.RequiredString("instruction");
            for (int i = 0; i < target.InstructionIds.Count; i++)
            {
                if (target.InstructionIds[i] == IfevalIds.KeywordsExistence)
                    Assert.All(target.Kwargs[i].GetProperty("keywords").EnumerateArray(), k => Assert.DoesNotContain(k.GetString(), new[] { "lantern", "meadow" }));
            }
            Assert.DoesNotContain("lantern", instruction);
        }
    }

    [Fact]
    public async Task A_run_killed_midway_and_resumed_ends_with_the_files_of_an_uninterrupted_run_and_asks_only_for_the_rest()
    {
        string input = StageFiles.WriteSeeds(_dir, 40);
        string reference = Path.Combine(_dir, "reference");
        await Run(input, reference, new FakeChatClient(FittedWords));

        string resumed = Path.Combine(_dir, "resumed");
        using (var cts = new CancellationTokenSource())
        {
            var killed = new FakeChatClient(FittedWords) { BeforeAnswer = async call => { if (call == 15) await cts.CancelAsync(); } };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(input, resumed, killed, ct: cts.Token));
        }
        string output = Path.Combine(resumed, ModelRuleEvolution.RecordsFile);
        Assert.False(File.Exists(output));
        int journaled = File.ReadAllLines(StageRunner.JournalPath(output)).Length;
        Assert.InRange(journaled, 1, 39);

        var rest = new FakeChatClient(FittedWords);
        var summary = await Run(input, resumed, rest);
        Assert.Equal(journaled, summary.ResumedFromJournal);
        Assert.Equal(40 - journaled, rest.Calls);
        var (expected, expectedDrops) = StageFiles.Read(Path.Combine(reference, ModelRuleEvolution.RecordsFile));
        var (actual, actualDrops) = StageFiles.Read(output);
        Assert.Equal(40, File.ReadAllLines(output).Length);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedDrops, actualDrops);
    }
}
