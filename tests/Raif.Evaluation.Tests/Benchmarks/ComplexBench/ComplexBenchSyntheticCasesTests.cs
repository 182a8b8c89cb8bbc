using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.ComplexBench;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.Benchmarks.ComplexBench;

/// <summary>The data folder's synthetic rule cases (README: 44 rules x 12 outputs x 10 extractor replies).</summary>
public sealed class ComplexBenchSyntheticCasesTests
{
    [SkippableFact]
    public void Every_synthetic_case_is_judged_and_hand_checked_cases_agree()
    {
        string path = TestDataFolder.External("complexbench", "synthetic_rule_cases.jsonl");
        var verdicts = new Dictionary<string, ComplexBenchVerdict>();
        foreach (var line in JsonlReader.ReadLines(path))
        {
            var spans = ComplexBenchRules.Preprocess(line.OptionalString("output"), line.OptionalString("ass"));
            verdicts[line.RequiredString("case_id")] = ComplexBenchRules.DecomposeJudge(line.RequiredString("rule"), spans);
        }
        Assert.Equal(5280, verdicts.Count);
        // keyword:[春天, 花朵] on "春天来了，花朵开放。": reply "all" -> the whole output -> both keywords present.
        Assert.Equal(ComplexBenchVerdict.True, verdicts["r0-o0-a0"]);
        // reply "None" -> no spans -> rule("", ...) -> False for keyword rules.
        Assert.Equal(ComplexBenchVerdict.False, verdicts["r0-o0-a1"]);
        // reply null -> no spans as well.
        Assert.Equal(ComplexBenchVerdict.False, verdicts["r0-o0-a9"]);
    }
}
