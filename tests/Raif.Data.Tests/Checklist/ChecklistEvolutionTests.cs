using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Raif.Core.Judging;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Core.Templates;
using Raif.Data.Checklist;
using Raif.Data.Evolution;
using Raif.Data.Models;
using Raif.Data.Seeds;
using Raif.Data.Stages;
using Raif.Data.Tests.Models;
using Raif.Rewards;
using Raif.Rewards.Judging;

namespace Raif.Data.Tests.Checklist;

public sealed partial class ChecklistEvolutionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-evolve-checklist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"exactly (\d+) sub-instructions and exactly (\d+) scoring questions")]
    private static partial Regex Counts();

    /// <summary>
    /// A model that follows both prompts: it reads the counts, the seed and the language from the evolve prompt and
    /// writes numbered items (with a number in each, which the merge must keep); it merges by joining the items.
    /// </summary>
    private static string Obedient(IReadOnlyList<ChatMessage> conversation)
    {
        string prompt = conversation[0].Text;
        if (prompt.Contains("### Seed task", StringComparison.Ordinal))
        {
            var counts = Counts().Match(prompt);
            int subs = int.Parse(counts.Groups[1].Value), questions = int.Parse(counts.Groups[2].Value);
            bool zh = prompt.TrimEnd().EndsWith("Chinese", StringComparison.Ordinal);
            string seed = prompt[(prompt.IndexOf("### Seed task\n", StringComparison.Ordinal) + 14)..prompt.IndexOf("\n\n### Target language", StringComparison.Ordinal)];
            var reply = new List<string> { ChecklistPrompts.EvolveStart, "Sub-Instructions:" };
            for (int i = 1; i <= subs; i++)
                reply.Add(zh ? $"{i}. 围绕“{seed}”，第{i}部分给出{i + 10}个例子。" : $"{i}. For the task \"{seed}\", part {i} gives {i + 10} examples.");
            reply.Add("Scoring Questions:");
            for (int i = 1; i <= questions; i++)
                reply.Add(zh ? $"{i}. 回答的第{i}部分是否给出了{i + 10}个例子？" : $"{i}. Does part {i} of the response give {i + 10} examples?");
            reply.Add(ChecklistPrompts.EvolveEnd);
            return string.Join("\n", reply);
        }
        string items = prompt[(prompt.IndexOf("### Sub-instructions\n", StringComparison.Ordinal) + 21)..];
        string merged = string.Join(" ", items.Split('\n').Select(l => Regex.Replace(l, @"^\d+\. ", "")));
        return $"{ChecklistPrompts.MergeStart}\n{merged}\n{ChecklistPrompts.MergeEnd}";
    }

    private static bool IsMerge(IReadOnlyList<ChatMessage> conversation) => conversation[0].Text.Contains("### Sub-instructions", StringComparison.Ordinal);

    private static ChecklistOptions Options(ModelCallOptions? call = null) =>
        new() { RandomSeed = 3, Stage = new StageOptions { Concurrency = 4 }, Call = call ?? new ModelCallOptions() };

    /// <summary>A judge that says YES to every question and records the user turns it was shown.</summary>
    private sealed class YesJudge : IJudge
    {
        public List<string> Asked { get; } = [];

        public string Name => "yes";

        public Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default)
        {
            lock (Asked)
                Asked.AddRange(requests.Select(r => r.Conversation.Single(t => t.Role == Raif.Core.Templates.ChatRole.User).Content));
            return Task.FromResult<IReadOnlyList<JudgeScores>>(
                [.. requests.Select(r => new JudgeScores([.. r.Continuations.Select(c => c == JudgePrompt.Continuations[0] ? -0.1 : -3.0)], 1))]);
        }
    }

    [Fact]
    public async Task Complex_records_carry_the_questions_the_example_composition_and_the_input_rendered_like_ifeval_records()
    {
        string input = StageFiles.WriteSeeds(_dir, 24);
        var chat = new FakeChatClient(Obedient);
        var summary = await ChecklistEvolution.RunAsync(input, Path.Combine(_dir, "out"), chat, Options());
        Assert.True(summary.Kept == 24, string.Join("\n", File.ReadAllLines(summary.DropsPath)));
        Assert.Equal(48, chat.Calls); // evolve + merge per seed
        var seeds = JsonlReader.ReadLines(input).Select(l => SeedLine.From(l, "text")).ToDictionary(s => s.Id);
        var lines = JsonlReader.ReadLines(summary.OutputPath).ToList();
        var rollouts = new List<RewardInput>();
        foreach (var line in lines)
        {
            Assert.Equal(["id", "input", "target", "task", "instruction", "seed_id", "language", "composition"], line.Value.EnumerateObject().Select(p => p.Name));
            var seed = seeds[line.RequiredString("seed_id")];
            var example = ChecklistEvolution.PickExample(ChecklistExample.Builtin, seed, 3);
            Assert.Equal(seed.Language, example.Language); // the shipped examples cover both languages
            Assert.Equal("complex", line.RequiredString("task"));
            Assert.Equal(seed.Language, line.RequiredString("language"));
            Assert.Equal(example.Composition, line.RequiredString("composition"));
            string instruction = line.RequiredString("instruction");
            Assert.Contains(seed.Text, instruction);
            Assert.Equal(RecordInput.Render(ChatTemplates.Qwen, true, instruction), line.RequiredString("input"));
            var target = ComplexTarget.Parse(line.RequiredString("target"));
            Assert.Equal(example.ScoringQuestions.Count, target.ScoringQuestions.Count);
            Assert.Equal(ContentId.Of(line.RequiredString("input"), line.RequiredString("target"), "complex"), line.RequiredString("id"));
            rollouts.Add(new RewardInput(line.RequiredString("input"), "I checked every part.</think><answer>An answer.</answer>", line.RequiredString("target"), "complex", line.RequiredString("id")));
        }
        Assert.True(lines.Select(l => l.RequiredString("composition")).Distinct().Count() >= 3, "24 seeds should meet at least three compositions");

        // The trainer's loader takes them as they are and routes them to the judge; the reward asks the judge each
        // scoring question of the record, and YES to all gives full marks.
        Assert.All(RlPrompt.ReadAll(summary.OutputPath), p => Assert.Equal(Raif.Core.Tasks.TaskKind.Complex, p.Route.Kind));
        var judge = new YesJudge();
        var results = await new RewardCalculator(judge: judge).ScoreBatchAsync(rollouts);
        for (int i = 0; i < results.Count; i++)
        {
            var questions = ComplexTarget.Parse(rollouts[i].Target).ScoringQuestions;
            Assert.True(!results[i].Failed && results[i].FormatValid, $"{results[i].Reason} {results[i].Error}");
            Assert.Equal(questions.Count, results[i].N);
            Assert.Equal(questions.Count, results[i].PassCount);
            Assert.All(questions, q => Assert.Contains(judge.Asked, u => u.EndsWith(q, StringComparison.Ordinal)));
        }
        Assert.Equal(rollouts.Sum(r => ComplexTarget.Parse(r.Target).ScoringQuestions.Count), judge.Asked.Count);
    }

    [Fact]
    public async Task A_broken_evolve_reply_is_re_asked_and_broken_merges_drop_the_seed_with_the_reason()
    {
        string input = StageFiles.WriteSeeds(_dir, 4);
        // Evolve: the first reply loses its end delimiter; merge: never delimited.
        var chat = new FakeChatClient(c => IsMerge(c) ? "Here is the merged instruction." : c.Count == 1 ? Obedient(c).Replace(ChecklistPrompts.EvolveEnd, "") : Obedient(c));
        var summary = await ChecklistEvolution.RunAsync(input, Path.Combine(_dir, "out"), chat, Options(new ModelCallOptions(ReplyRetries: 2)));
        Assert.Equal(0, summary.Kept);
        Assert.Equal(4, summary.Dropped);
        Assert.Equal(4 * (2 + 3), chat.Calls); // two evolve replies, three merge replies per seed
        Assert.Contains(chat.Conversations, c => c.Count == 3 && !IsMerge(c) && c[2].Text.Contains("[The end of the Modified Sub-Instructions and Scoring Questions]\" is missing", StringComparison.Ordinal));
        Assert.All(JsonlReader.ReadLines(summary.DropsPath), l => Assert.Equal(
            "merge: 3 replies broke the format; last: the line \"[The start of the Integrated Instruction]\" is missing", l.RequiredString("reason")));
    }

    [Fact]
    public async Task Evolve_replies_that_stay_broken_drop_the_seed_before_any_merge()
    {
        string input = StageFiles.WriteSeeds(_dir, 2);
        // One scoring question too few, every time.
        var chat = new FakeChatClient(c => IsMerge(c) ? Obedient(c) : Regex.Replace(Obedient(c), @"\n1\. (Does part 1|回答的第1部分)[^\n]*", ""));
        var summary = await ChecklistEvolution.RunAsync(input, Path.Combine(_dir, "out"), chat, Options(new ModelCallOptions(ReplyRetries: 1)));
        Assert.Equal(2, summary.Dropped);
        Assert.Equal(4, chat.Calls);
        Assert.All(JsonlReader.ReadLines(summary.DropsPath), l => Assert.Matches(
            @"^evolve: 2 replies broke the format; last: (scoring questions must be numbered|expected scoring question 1)", l.RequiredString("reason")));
    }

    [Fact]
    public async Task A_run_killed_midway_and_resumed_ends_with_the_files_of_an_uninterrupted_run()
    {
        string input = StageFiles.WriteSeeds(_dir, 30);
        string reference = Path.Combine(_dir, "reference");
        await ChecklistEvolution.RunAsync(input, reference, new FakeChatClient(Obedient), Options());

        string resumed = Path.Combine(_dir, "resumed");
        using (var cts = new CancellationTokenSource())
        {
            var killed = new FakeChatClient(Obedient) { BeforeAnswer = async call => { if (call == 21) await cts.CancelAsync(); } };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChecklistEvolution.RunAsync(input, resumed, killed, Options(), null, cts.Token));
        }
        string output = Path.Combine(resumed, ChecklistEvolution.RecordsFile);
        int journaled = File.ReadAllLines(StageRunner.JournalPath(output)).Length;
        Assert.InRange(journaled, 1, 29);
        var rest = new FakeChatClient(Obedient);
        var summary = await ChecklistEvolution.RunAsync(input, resumed, rest, Options());
        Assert.Equal(journaled, summary.ResumedFromJournal);
        Assert.Equal(2 * (30 - journaled), rest.Calls);
        var (expected, expectedDrops) = StageFiles.Read(Path.Combine(reference, ChecklistEvolution.RecordsFile));
        var (actual, actualDrops) = StageFiles.Read(output);
        Assert.Equal(30, File.ReadAllLines(output).Length);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedDrops, actualDrops);
    }
}
