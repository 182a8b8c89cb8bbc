using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Data.Evolution;
using Raif.Data.Seeds;
using Raif.Rewards;
using Raif.Rewards.IfEval;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Tests.Evolution;

public sealed class EvolvedRecordsTests
{
    private static readonly Dictionary<string, Seed> SeedsById = BuiltinSeeds.Seeds.ToDictionary(s => s.Id);

    private static List<EvolvedRecord> Evolve(EvolveOptions options) =>
        [.. new RuleEvolver(BuiltinSeeds.Seeds, options).Generate()];

    [Theory]
    [InlineData(IfevalVariant.Official, 1)]
    [InlineData(IfevalVariant.Raif, 7)]
    public async Task Every_record_is_accepted_by_the_verifiers_and_a_compliant_answer_passes_every_check(IfevalVariant variant, long seed)
    {
        var records = Evolve(new EvolveOptions { Count = 3000, RandomSeed = seed, Variant = variant, MaxConstraints = 5 });
        Assert.Equal(3000, records.Select(r => r.Id).Distinct().Count());
        var checkerOptions = new IfevalOptions(variant);
        var inputs = new List<RewardInput>();
        foreach (var record in records)
        {
            var target = IfevalTarget.Parse(record.Target);
            Assert.Equal(record.Constraints.Select(c => c.Id), target.InstructionIds);
            for (int i = 0; i < target.InstructionIds.Count; i++)
                InstructionRegistry.Default.Create(target.InstructionIds[i], target.Kwargs[i], checkerOptions); // throws on a bad argument
            string answer = CompliantAnswer.For(record.Constraints, SeedsById[record.SeedId]);
            inputs.Add(new RewardInput(record.Input, "I follow each requirement.</think><answer>" + answer + "</answer>", record.Target, record.Task, record.Id));
        }
        var calculator = new RewardCalculator(new RewardOptions { IfevalVariant = variant });
        var results = await calculator.ScoreBatchAsync(inputs);
        var failures = results.Select((r, i) => (r, i)).Where(x => x.r.Failed || x.r.PassCount != x.r.N || !x.r.FormatValid)
            .Select(x => $"{x.r.Reason} {x.r.Error} | {records[x.i].Target}\n---\n{inputs[x.i].Output}").Take(5).ToList();
        Assert.True(failures.Count == 0, string.Join("\n=====\n", failures));
    }

    [Fact]
    public void No_record_holds_a_conflicting_pair_and_every_id_is_in_the_pool_of_its_language()
    {
        foreach (var record in Evolve(new EvolveOptions { Count = 5000, RandomSeed = 3, MaxConstraints = 6 }))
        {
            var ids = record.Constraints.Select(c => c.Id).ToList();
            Assert.True(ConflictTable.Default.IsValid(ids), string.Join(", ", ids));
            Assert.True(ConflictTable.Official.IsValid(ids), string.Join(", ", ids));
            var pool = ConstraintPool.For(record.Language, IfevalVariant.Official);
            Assert.All(ids, id => Assert.Contains(id, pool));
        }
    }

    [Fact]
    public void The_seed_language_is_kept_in_the_wording_and_in_response_language()
    {
        var records = Evolve(new EvolveOptions { Count = 2000, RandomSeed = 5, Variant = IfevalVariant.Raif });
        Assert.Contains(records, r => r.Language == Seed.Chinese);
        Assert.Contains(records, r => r.Language == Seed.English);
        foreach (var record in records)
        {
            var seed = SeedsById[record.SeedId];
            Assert.Equal(seed.Language, record.Language);
            Assert.Contains(seed.Text, record.Instruction);
            string added = record.Instruction.Replace(seed.Text, "", StringComparison.Ordinal);
            int cjk = added.Count(SeedWords.IsCjk);
            if (seed.Language == Seed.English)
                Assert.True(cjk == 0, $"Chinese text in an English record: {added}");
            else
                Assert.True(cjk > 10, $"no Chinese wording in a Chinese record: {added}");
            foreach (var c in record.Constraints.Where(c => c.Id == IfevalIds.ResponseLanguage))
                Assert.Equal(seed.Language == Seed.Chinese ? "zh-cn" : "en", c.Text("language"));
        }
    }

    [Fact]
    public void Semantic_arguments_are_words_of_the_seed()
    {
        foreach (var record in Evolve(new EvolveOptions { Count = 2000, RandomSeed = 11 }))
        {
            string seedText = SeedsById[record.SeedId].Text;
            foreach (var c in record.Constraints)
            {
                IEnumerable<string> words = c.Id switch
                {
                    IfevalIds.KeywordsExistence => c.List("keywords"),
                    IfevalIds.KeywordsForbiddenWords => c.List("forbidden_words"),
                    IfevalIds.KeywordsFrequency => [c.Text("keyword")],
                    IfevalIds.NthParagraphFirstWord => [c.Text("first_word")],
                    _ => [],
                };
                Assert.All(words, w => Assert.Contains(w, seedText, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void Records_are_read_by_the_trainer_loader_with_their_think_prefill_and_route_to_ifeval()
    {
        string dir = Directory.CreateTempSubdirectory("raif-data-test-").FullName;
        try
        {
            var summary = OfflineEvolution.Run(BuiltinSeeds.Seeds, new EvolveOptions { Count = 300, RandomSeed = 2 }, dir);
            var prompts = RlPrompt.ReadAll(summary.RecordsPath).ToList();
            Assert.Equal(300, prompts.Count);
            var lines = JsonlReader.ReadLines(summary.RecordsPath).ToList();
            for (int i = 0; i < prompts.Count; i++)
            {
                // The loader appends "<think>\n" to prompts without a think opener: ours already end with one.
                Assert.Equal(lines[i].RequiredString("input"), prompts[i].Input);
                Assert.EndsWith("<|im_start|>assistant\n<think>", prompts[i].Input);
                Assert.Contains(Raif.Core.Templates.CotTrigger.AnswerAnchor, prompts[i].Input);
                Assert.Equal(Raif.Core.Tasks.TaskKind.IfEval, prompts[i].Route.Kind);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_files_and_another_seed_different_ones()
    {
        string a = Directory.CreateTempSubdirectory("raif-data-a-").FullName;
        string b = Directory.CreateTempSubdirectory("raif-data-b-").FullName;
        string c = Directory.CreateTempSubdirectory("raif-data-c-").FullName;
        try
        {
            OfflineEvolution.Run(BuiltinSeeds.Seeds, new EvolveOptions { Count = 500, RandomSeed = 1 }, a);
            OfflineEvolution.Run(BuiltinSeeds.Seeds, new EvolveOptions { Count = 500, RandomSeed = 1 }, b);
            OfflineEvolution.Run(BuiltinSeeds.Seeds, new EvolveOptions { Count = 500, RandomSeed = 2 }, c);
            foreach (var file in new[] { OfflineEvolution.RecordsFile, OfflineEvolution.StatsFile })
                Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, OfflineEvolution.RecordsFile)), File.ReadAllBytes(Path.Combine(c, OfflineEvolution.RecordsFile)));
        }
        finally
        {
            foreach (var d in new[] { a, b, c })
                Directory.Delete(d, recursive: true);
        }
    }

    [Fact]
    public void All_three_compositions_occur_and_selection_lists_only_the_active_branch_in_the_target()
    {
        var records = Evolve(new EvolveOptions { Count = 1000, RandomSeed = 4 });
        Assert.Contains(records, r => r.Composition == Composition.And);
        Assert.Contains(records, r => r.Composition == Composition.Chain);
        var selections = records.Where(r => r.Composition == Composition.Selection).ToList();
        Assert.NotEmpty(selections);
        foreach (var r in selections)
        {
            // Two numbered branches are worded, but the target holds only the active one's constraints.
            int listed = r.Instruction.Split('\n').Count(l => l.Length > 2 && char.IsDigit(l[0]) && l[1] == '.');
            Assert.True(listed > r.Constraints.Count, r.Instruction);
        }
    }
}
