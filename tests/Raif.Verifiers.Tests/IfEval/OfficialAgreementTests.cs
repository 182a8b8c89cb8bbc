using System.Text.Json;
using Raif.Verifiers.IfEval;
using Xunit.Abstractions;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>
/// Raif's verdicts against Google's evaluator, run on the same inputs (Data/ifeval_official/README.md says how):
/// every verdict must be equal, strict and loose, including the ones that depend on language identification
/// (Python's langdetect there, Raif's port of it here), which are counted separately. The reference is the newest google-research version, whose
/// <c>keywords:letter_frequency</c> is deterministic; the older copy that produced the published GPT-4 figures drew a
/// random letter for a non-letter argument, and its verdicts are kept for the published-figures test.
/// </summary>
public class OfficialAgreementTests(ITestOutputHelper output)
{
    private static readonly Lazy<(List<IfevalInput> Inputs, IfevalRunResult Run)> Evaluated = new(() =>
    {
        var inputs = IfevalFiles.ReadInputs(TestData.InputData);
        var responses = IfevalFiles.ReadResponses(TestData.Gpt4Responses);
        return (inputs, IfevalRun.Evaluate(new IfevalEvaluator(), inputs, responses));
    });

    /// <summary>Verdicts that depend on language identification.</summary>
    private static readonly HashSet<string> LanguageDependent =
        [IfevalIds.ResponseLanguage, IfevalIds.EnglishCapital, IfevalIds.EnglishLowercase];

    [Theory]
    [InlineData("strict")]
    [InlineData("loose")]
    public void Every_verdict_equals_the_official_evaluator(string mode)
    {
        var (inputs, ours, official) = Load(mode);
        int compared = 0, languageCompared = 0;
        var differences = new List<string>();
        var languageDifferences = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var expected = Verdicts(official[i]);
            Assert.Equal(inputs[i].Prompt, official[i].GetProperty("prompt").GetString());
            Assert.Equal(expected.Count, ours[i].FollowInstructionList.Count);
            for (int j = 0; j < expected.Count; j++)
            {
                string id = inputs[i].InstructionIds[j];
                bool raif = ours[i].FollowInstructionList[j];
                string line = $"key {inputs[i].Key} {id}: official {expected[j]}, Raif {raif}";
                if (LanguageDependent.Contains(id))
                {
                    languageCompared++;
                    if (expected[j] != raif)
                        languageDifferences.Add(line);
                }
                else
                {
                    compared++;
                    if (expected[j] != raif)
                        differences.Add(line);
                }
            }
        }
        output.WriteLine($"{mode}: {compared} verdicts compared without language identification, {differences.Count} differ; " +
                         $"{languageCompared} depend on language identification, {languageDifferences.Count} differ");
        foreach (var d in differences.Concat(languageDifferences))
            output.WriteLine(d);
        Assert.Equal(739, compared);
        Assert.Equal(95, languageCompared);
        Assert.Empty(differences);
        // langdetect is unseeded in the official evaluator, but on these responses it gave the same answer for every
        // detection under five seeds (docs/verifiers.md), so the port seeded with 0 must agree everywhere.
        Assert.Empty(languageDifferences);
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("loose")]
    public void Result_lines_are_byte_identical_to_the_official_files_where_the_verdicts_agree(string mode)
    {
        var (inputs, ours, official) = Load(mode);
        var lines = File.ReadAllLines(TestData.Local("ifeval_official", $"eval_results_{mode}.jsonl"));
        int identical = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!Verdicts(official[i]).SequenceEqual(ours[i].FollowInstructionList))
                continue;
            Assert.Equal(lines[i], IfevalFiles.ToJsonLine(ours[i]));
            identical++;
        }
        Assert.Equal(541, identical);
    }

    [Fact]
    public void The_published_run_reproduces_the_published_gpt4_figures_and_differs_from_the_newest_code_only_by_chance()
    {
        // Published GPT-4 figures (IFEval paper and README): prompt-strict 76.89, instruction-strict 83.57,
        // prompt-loose 79.30, instruction-loose 85.37.
        var (inputs, _) = Evaluated.Value;
        var published = PublishedRun();
        var strict = IfevalScores.Compute(published.Select(p => p.Strict)).Overall;
        var loose = IfevalScores.Compute(published.Select(p => p.Loose)).Overall;
        Assert.Equal((541, 834), (strict.PromptTotal, strict.InstructionTotal));
        Assert.Equal(76.89, 100 * strict.PromptLevel, 0.005); // published to two decimals
        Assert.Equal(83.57, 100 * strict.InstructionLevel, 0.005); // published to two decimals
        Assert.Equal(79.30, 100 * loose.PromptLevel, 0.005); // published to two decimals
        Assert.Equal(85.37, 100 * loose.InstructionLevel, 0.005); // published to two decimals

        // Against the newest code, only the random-letter verdicts differ (keys 1122 '#' and 1129 '!').
        foreach (var mode in new[] { "strict", "loose" })
        {
            var newest = OfficialLines(mode);
            for (int i = 0; i < inputs.Count; i++)
            {
                var old = mode == "strict" ? published[i].Strict : published[i].Loose;
                var now = Verdicts(newest[i]);
                for (int j = 0; j < now.Count; j++)
                {
                    if (old.FollowInstructionList[j] != now[j])
                        Assert.True(IsRandomInOlderCode(inputs[i], j), $"{mode} key {inputs[i].Key} {inputs[i].InstructionIds[j]}");
                }
            }
        }
    }

    [Fact]
    public void Raif_aggregates_differ_from_the_published_figures_only_by_the_counted_verdicts()
    {
        var (inputs, run) = Evaluated.Value;
        var published = PublishedRun();
        foreach (var (mode, promptPct, instructionPct) in new[] { ("strict", 76.89, 83.57), ("loose", 79.30, 85.37) })
        {
            var ours = mode == "strict" ? run.Strict : run.Loose;
            var scores = IfevalScores.Compute(ours).Overall;
            int differingVerdicts = 0, differingPrompts = 0;
            for (int i = 0; i < inputs.Count; i++)
            {
                var expected = (mode == "strict" ? published[i].Strict : published[i].Loose).FollowInstructionList;
                int d = expected.Where((v, j) => v != ours[i].FollowInstructionList[j]).Count();
                differingVerdicts += d;
                differingPrompts += d > 0 ? 1 : 0;
            }
            output.WriteLine($"Raif {mode}: prompt {100 * scores.PromptLevel:F2}, instruction {100 * scores.InstructionLevel:F2} " +
                             $"(published {promptPct}, {instructionPct}; {differingVerdicts} verdicts in {differingPrompts} prompts differ)");
            int publishedPrompts = (int)Math.Round(promptPct / 100 * 541), publishedInstructions = (int)Math.Round(instructionPct / 100 * 834);
            Assert.InRange(scores.PromptCorrect, publishedPrompts - differingPrompts, publishedPrompts + differingPrompts);
            Assert.InRange(scores.InstructionCorrect, publishedInstructions - differingVerdicts, publishedInstructions + differingVerdicts);
            Assert.True(differingVerdicts <= 6, $"{differingVerdicts} verdicts differ"); // 4 language + 2 random letters
        }
    }

    private static List<(IfevalResult Strict, IfevalResult Loose)> PublishedRun() =>
        TestData.ReadJsonl(TestData.Local("ifeval_official", "published_run_verdicts.jsonl")).Select(e =>
        {
            var ids = e.GetProperty("instruction_id_list").EnumerateArray().Select(x => x.GetString()!).ToList();
            List<bool> Bools(string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetBoolean()).ToList();
            return (new IfevalResult(ids, "", "", Bools("strict")), new IfevalResult(ids, "", "", Bools("loose")));
        }).ToList();

    private static (List<IfevalInput> Inputs, IReadOnlyList<IfevalResult> Ours, List<JsonElement> Official) Load(string mode)
    {
        var (inputs, run) = Evaluated.Value;
        var official = OfficialLines(mode);
        Assert.Equal(inputs.Count, official.Count);
        return (inputs, mode == "strict" ? run.Strict : run.Loose, official);
    }

    private static List<JsonElement> OfficialLines(string mode) =>
        TestData.ReadJsonl(TestData.Local("ifeval_official", $"eval_results_{mode}.jsonl")).ToList();

    private static List<bool> Verdicts(JsonElement line) =>
        line.GetProperty("follow_instruction_list").EnumerateArray().Select(e => e.GetBoolean()).ToList();

    // The older LetterFrequencyChecker drew a random letter unless the argument was one ASCII letter.
    private static bool IsRandomInOlderCode(IfevalInput input, int index)
    {
        if (input.InstructionIds[index] != IfevalIds.KeywordsLetterFrequency)
            return false;
        string letter = input.Kwargs[index].GetProperty("letter").GetString()!;
        return !(letter.Length == 1 && char.IsAsciiLetter(letter[0]));
    }
}
