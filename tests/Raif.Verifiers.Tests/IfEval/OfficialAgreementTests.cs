using System.Text.Json;
using Raif.Verifiers.IfEval;
using Xunit.Abstractions;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>
/// Raif's verdicts against Google's evaluator, run on the same inputs (Data/ifeval_official/README.md says how):
/// every verdict whose official value is deterministic must be equal, strict and loose. The official value is random
/// for <c>keywords:letter_frequency</c> with an argument that is not an ASCII letter (the original draws a random
/// letter); those verdicts are listed, not compared.
/// </summary>
public class OfficialAgreementTests(ITestOutputHelper output)
{
    private static readonly Lazy<(List<IfevalInput> Inputs, IfevalRunResult Run)> Evaluated = new(() =>
    {
        var inputs = IfevalFiles.ReadInputs(TestData.InputData);
        var responses = IfevalFiles.ReadResponses(TestData.Gpt4Responses);
        return (inputs, IfevalRun.Evaluate(new IfevalEvaluator(), inputs, responses));
    });

    /// <summary>Verdicts that depend on language identification (langdetect in the original, Lingua here).</summary>
    private static readonly HashSet<string> LanguageDependent =
        [IfevalIds.ResponseLanguage, IfevalIds.EnglishCapital, IfevalIds.EnglishLowercase];

    [Theory]
    [InlineData("strict")]
    [InlineData("loose")]
    public void Every_deterministic_verdict_equals_the_official_evaluator(string mode)
    {
        var (inputs, ours, official) = Load(mode);
        int compared = 0, languageCompared = 0, random = 0;
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
                if (IsRandomInOriginal(inputs[i], j))
                {
                    random++;
                    output.WriteLine($"{mode} {line} (random in the original)");
                }
                else if (LanguageDependent.Contains(id))
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
                         $"{languageCompared} depend on language identification, {languageDifferences.Count} differ; {random} random in the original");
        foreach (var d in differences.Concat(languageDifferences))
            output.WriteLine(d);
        Assert.Equal(737, compared);
        Assert.Equal(95, languageCompared);
        Assert.Equal(2, random);
        Assert.Empty(differences);
        // Lingua is not langdetect: measured 4 of 95 (3 texts of 1-30 words or an upper-case list of names that
        // langdetect calls es/de, and one Nepali text; Data/ifeval_official/README.md). A regression guard, not a target.
        Assert.True(languageDifferences.Count <= 4, $"{languageDifferences.Count} language-dependent verdicts differ");
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
        Assert.True(identical >= 541 - 6, $"only {identical} lines have the official verdicts");
    }

    [Fact]
    public void Official_reference_run_reproduces_the_published_gpt4_figures()
    {
        // Published GPT-4 figures (IFEval paper and README): prompt-strict 76.89, instruction-strict 83.57,
        // prompt-loose 79.30, instruction-loose 85.37.
        var strict = IfevalScores.Compute(OfficialResults("strict")).Overall;
        var loose = IfevalScores.Compute(OfficialResults("loose")).Overall;
        Assert.Equal((541, 834), (strict.PromptTotal, strict.InstructionTotal));
        Assert.Equal(76.89, Math.Round(100 * strict.PromptLevel, 2));
        Assert.Equal(83.57, Math.Round(100 * strict.InstructionLevel, 2));
        Assert.Equal(79.30, Math.Round(100 * loose.PromptLevel, 2));
        Assert.Equal(85.37, Math.Round(100 * loose.InstructionLevel, 2));
    }

    [Fact]
    public void Raif_aggregates_differ_from_the_published_figures_only_by_the_counted_verdicts()
    {
        var (inputs, strictOurs, strictOfficial) = Load("strict");
        var (_, looseOurs, looseOfficial) = Load("loose");
        foreach (var (ours, official, promptPct, instructionPct) in new[]
                 {
                     (strictOurs, strictOfficial, 76.89, 83.57),
                     (looseOurs, looseOfficial, 79.30, 85.37),
                 })
        {
            var scores = IfevalScores.Compute(ours).Overall;
            int differingVerdicts = 0, differingPrompts = 0;
            for (int i = 0; i < inputs.Count; i++)
            {
                var expected = Verdicts(official[i]);
                int d = expected.Where((v, j) => v != ours[i].FollowInstructionList[j]).Count();
                differingVerdicts += d;
                differingPrompts += d > 0 ? 1 : 0;
            }
            output.WriteLine($"Raif: prompt {100 * scores.PromptLevel:F2}, instruction {100 * scores.InstructionLevel:F2} " +
                             $"(published {promptPct}, {instructionPct}; {differingVerdicts} verdicts in {differingPrompts} prompts differ)");
            int publishedPrompts = (int)Math.Round(promptPct / 100 * 541), publishedInstructions = (int)Math.Round(instructionPct / 100 * 834);
            Assert.InRange(scores.PromptCorrect, publishedPrompts - differingPrompts, publishedPrompts + differingPrompts);
            Assert.InRange(scores.InstructionCorrect, publishedInstructions - differingVerdicts, publishedInstructions + differingVerdicts);
            Assert.True(differingVerdicts <= 6, $"{differingVerdicts} verdicts differ");
        }
    }

    private static (List<IfevalInput> Inputs, IReadOnlyList<IfevalResult> Ours, List<JsonElement> Official) Load(string mode)
    {
        var (inputs, run) = Evaluated.Value;
        var official = OfficialLines(mode);
        Assert.Equal(inputs.Count, official.Count);
        return (inputs, mode == "strict" ? run.Strict : run.Loose, official);
    }

    private static List<JsonElement> OfficialLines(string mode) =>
        TestData.ReadJsonl(TestData.Local("ifeval_official", $"eval_results_{mode}.jsonl")).ToList();

    private static IEnumerable<IfevalResult> OfficialResults(string mode) =>
        OfficialLines(mode).Select(e => new IfevalResult(
            e.GetProperty("instruction_id_list").EnumerateArray().Select(x => x.GetString()!).ToList(),
            e.GetProperty("prompt").GetString()!, e.GetProperty("response").GetString()!, Verdicts(e)));

    private static List<bool> Verdicts(JsonElement line) =>
        line.GetProperty("follow_instruction_list").EnumerateArray().Select(e => e.GetBoolean()).ToList();

    // The official LetterFrequencyChecker draws a random letter unless the argument is one ASCII letter.
    private static bool IsRandomInOriginal(IfevalInput input, int index)
    {
        if (input.InstructionIds[index] != IfevalIds.KeywordsLetterFrequency)
            return false;
        string letter = input.Kwargs[index].GetProperty("letter").GetString()!;
        return !(letter.Length == 1 && char.IsAsciiLetter(letter[0]));
    }
}
