using System.Text.Json;
using Raif.Training.Tiny;

namespace Raif.Training.Tests.Tiny;

public class TinyWorldTests
{
    [Fact]
    public void World_is_deterministic_for_a_seed()
    {
        var a = TinyWorld.Create(new TinyWorldOptions(200, 20, Seed: 7));
        var b = TinyWorld.Create(new TinyWorldOptions(200, 20, Seed: 7));
        Assert.Equal(a.Training.Select(t => t.User), b.Training.Select(t => t.User));
        Assert.Equal(a.HeldOut.Select(t => t.ExpertAnswer), b.HeldOut.Select(t => t.ExpertAnswer));
    }

    [Fact]
    public void Held_out_instructions_combine_kinds_never_seen_together_in_training()
    {
        var world = TinyWorld.Create(new TinyWorldOptions(1000, 100));
        var trainingPairs = world.Training.SelectMany(t => t.KindPairs()).ToHashSet();
        Assert.All(world.HeldOut, t => Assert.Contains(t.KindPairs(), p => !trainingPairs.Contains(p)));
        Assert.All(TinyWorld.HeldOutPairs, p => Assert.DoesNotContain(p, trainingPairs));
    }

    [Fact]
    public void All_three_compositions_occur_and_prompts_are_distinct()
    {
        var world = TinyWorld.Create(new TinyWorldOptions(600, 60));
        foreach (var c in Enum.GetValues<TinyComposition>())
            Assert.Contains(world.Training, t => t.Composition == c);
        Assert.Equal(world.Training.Count, world.Training.Select(t => t.User).Distinct().Count());
    }

    [Fact]
    public void Selection_checks_only_the_branch_the_condition_picks()
    {
        // "the first animal starts with a vowel" with owl first: the quotes branch applies, the end phrase does not.
        var random = new Random(3);
        var selections = Enumerable.Range(0, 400).Select(_ => TinyWorld.Sample(random)).OfType<TinyTask>()
            .Where(t => t.Composition == TinyComposition.Selection && t.User.Contains("If the first animal starts with a vowel")).ToList();
        Assert.NotEmpty(selections);
        foreach (var t in selections)
        {
            bool vowel = "aeiou".Contains(t.Animals[0][0]);
            string sentence = t.User[t.User.IndexOf("If the first", StringComparison.Ordinal)..];
            string thenClause = sentence["If the first animal starts with a vowel, ".Length..sentence.IndexOf("; otherwise", StringComparison.Ordinal)];
            Assert.Equal(vowel, t.ActiveRules[0].Clause == thenClause);
            Assert.Contains(vowel ? "starts with a vowel" : "starts with a consonant", t.ExpertThink);
        }
    }

    [Fact]
    public void Target_is_ifeval_json()
    {
        var task = new TinyTask(["owl", "cat"], "u", TinyComposition.And,
            [new TinyRule(TinyRuleKind.EndPhrase, "Done."), new TinyRule(TinyRuleKind.Capitals, Count: 2)], "- x", "a");
        using var doc = JsonDocument.Parse(task.Target());
        Assert.Equal("{\"instruction_id_list\":[\"startend:end_checker\",\"change_case:capital_word_frequency\"],\"kwargs\":[{\"end_phrase\":\"Done.\"},{\"capital_frequency\":2,\"capital_relation\":\"at least\"}]}",
            task.Target());
    }

    [Fact]
    public void Samples_for_eyeballing()
    {
        var world = TinyWorld.Create(new TinyWorldOptions(30, 5, Seed: 11));
        var lines = world.Training.Take(12).Concat(world.HeldOut).Select(t => $"USER: {t.User}\nTHINK:\n{t.ExpertThink}\nANSWER:\n{t.ExpertAnswer}\nTARGET: {t.Target()}\n");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "tiny-world-samples.txt"), string.Join("\n", lines));
        Assert.Equal(35, world.Training.Count + world.HeldOut.Count);
    }
}
