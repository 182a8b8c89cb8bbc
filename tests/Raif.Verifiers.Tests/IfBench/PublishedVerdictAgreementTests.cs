using System.Text.Json;
using Raif.Tests.Shared;
using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;
using Xunit.Abstractions;

namespace Raif.Verifiers.Tests.IfBench;

/// <summary>
/// Raif's IFBench verdicts against the ones upstream published for its sample outputs (allenai/IFBench c94da02,
/// <c>eval/eval_results_{strict,loose}.jsonl</c>, committed under tests/data/ifbench): all 335 instruction verdicts
/// of the 294 prompts must be equal, strict and loose. The prompts and responses are read from the external data
/// folder (the responses are third-party model outputs, so they are not committed).
/// </summary>
public class PublishedVerdictAgreementTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("strict")]
    [InlineData("loose")]
    public void Every_verdict_equals_the_published_one(string mode)
    {
        var inputs = IfevalFiles.ReadInputs(TestDataFolder.External("ifbench", "IFBench_test_8a66c06.jsonl"));
        var responses = IfevalFiles.ReadResponses(TestDataFolder.External("ifbench", "sample_output.jsonl"));
        var run = IfevalRun.Evaluate(new IfevalEvaluator(registry: IfBenchRegistry.Default), inputs, responses);
        var ours = mode == "strict" ? run.Strict : run.Loose;
        var published = File.ReadAllLines(TestDataFolder.Committed("ifbench", $"eval_results_{mode}.jsonl"))
            .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(294, inputs.Count);
        Assert.Equal(inputs.Count, published.Count);
        int compared = 0;
        var differences = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(inputs[i].Prompt, published[i].GetProperty("prompt").GetString());
            Assert.Equal(inputs[i].InstructionIds, published[i].GetProperty("instruction_id_list").EnumerateArray().Select(e => e.GetString()!));
            var expected = published[i].GetProperty("follow_instruction_list").EnumerateArray().Select(e => e.GetBoolean()).ToList();
            for (int j = 0; j < expected.Count; j++)
            {
                compared++;
                if (expected[j] != ours[i].FollowInstructionList[j])
                    differences.Add($"key {inputs[i].Key} {inputs[i].InstructionIds[j]}: published {expected[j]}, Raif {ours[i].FollowInstructionList[j]}");
            }
        }
        output.WriteLine($"{mode}: {compared} verdicts compared, {differences.Count} differ");
        foreach (var d in differences)
            output.WriteLine(d);
        foreach (var (key, check) in run.Raised)
            output.WriteLine($"raised upstream (counted as not followed): key {key} {check.InstructionId} {(check.Loose ? "loose" : "strict")}: {check.Error}");
        Assert.Equal(335, compared);
        Assert.Empty(differences);
    }
}
