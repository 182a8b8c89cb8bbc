using System.Text.Json;
using Raif.Core.Templates;
using Xunit.Abstractions;

namespace Raif.Rewards.Tests.IfEval;

/// <summary>
/// The 541 IFEval prompts with the published GPT-4 responses, each wrapped as <c>plan&lt;/think&gt;&lt;answer&gt;RESPONSE&lt;/answer&gt;</c>
/// after a qwen RAIF prompt, scored as ifeval rollouts. The expectation comes from Google's evaluator (its strict
/// verdicts, committed under tests/Raif.Verifiers.Tests/Data/ifeval_official): k of n followed gives +2 / k/n / −2
/// and a total of 1 + that. Every sample must agree (language checks included: Raif.Verifiers answers them with its
/// port of langdetect, as the official evaluator does).
/// </summary>
public class Gpt4AcceptanceTests(ITestOutputHelper output)
{
    private sealed record Sample(long Key, string Prompt, string Response, string Target, List<string> Ids, List<bool> Official);

    private static readonly Lazy<List<Sample>> Samples = new(Load);

    private static List<Sample> Load()
    {
        var responses = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(TestData.Gpt4Responses))
        {
            using var doc = JsonDocument.Parse(line);
            responses[doc.RootElement.GetProperty("prompt").GetString()!] = doc.RootElement.GetProperty("response").GetString()!;
        }
        var official = File.ReadLines(TestData.OfficialStrictVerdicts).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return (Prompt: doc.RootElement.GetProperty("prompt").GetString()!,
                    Verdicts: doc.RootElement.GetProperty("follow_instruction_list").EnumerateArray().Select(v => v.GetBoolean()).ToList());
        }).ToList();
        var samples = new List<Sample>();
        int i = 0;
        foreach (var line in File.ReadLines(TestData.IfevalInputs))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            string prompt = root.GetProperty("prompt").GetString()!;
            Assert.Equal(prompt, official[i].Prompt);
            string target = JsonSerializer.Serialize(new
            {
                instruction_id_list = root.GetProperty("instruction_id_list"),
                kwargs = root.GetProperty("kwargs"),
            });
            var ids = root.GetProperty("instruction_id_list").EnumerateArray().Select(e => e.GetString()!).ToList();
            samples.Add(new Sample(root.GetProperty("key").GetInt64(), prompt, responses[prompt], target, ids, official[i].Verdicts));
            i++;
        }
        return samples;
    }

    private static string QwenPrompt(string prompt) => ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(), prompt);

    private static double ExpectedAnswer(IReadOnlyList<bool> verdicts)
    {
        int k = verdicts.Count(v => v), n = verdicts.Count;
        return k == n ? 2 : k == 0 ? -2 : (double)k / n;
    }

    [Fact]
    public async Task Rewards_follow_the_official_strict_verdicts()
    {
        var samples = Samples.Value;
        Assert.Equal(541, samples.Count);
        var inputs = samples.Select(s => new RewardInput(QwenPrompt(s.Prompt), "plan</think><answer>" + s.Response + "</answer>", s.Target, "ifeval", s.Key.ToString())).ToList();

        var results = await new RewardCalculator().ScoreBatchAsync(inputs);

        int agree = 0;
        var differing = new List<string>();
        for (int i = 0; i < samples.Count; i++)
        {
            var (s, r) = (samples[i], results[i]);
            Assert.Null(r.Error);
            Assert.Equal(s.Key.ToString(), r.Id);
            Assert.True(r.FormatValid && r.Scored, $"key {s.Key}: {r.Reason}");
            Assert.Equal(s.Ids.Count, r.N);
            // Whatever the verdicts, the reward is exactly what they imply.
            Assert.Equal(ExpectedAnswer(r.FollowList!), r.AnswerReward, 1e-12);
            Assert.Equal(1 + ExpectedAnswer(r.FollowList!), r.Total, 1e-12);
            if (r.FollowList!.SequenceEqual(s.Official))
            {
                agree++;
                Assert.Equal(ExpectedAnswer(s.Official), r.AnswerReward, 1e-12);
                continue;
            }
            for (int j = 0; j < s.Ids.Count; j++)
            {
                if (r.FollowList![j] == s.Official[j])
                    continue;
                differing.Add($"key {s.Key} {s.Ids[j]}: official {s.Official[j]}, Raif {r.FollowList![j]}; " +
                              $"reward {r.AnswerReward:0.###} vs official {ExpectedAnswer(s.Official):0.###}");
            }
        }
        output.WriteLine($"{agree} of 541 rewards exactly as the official strict verdicts imply; differing verdicts:");
        foreach (var d in differing)
            output.WriteLine(d);
        Assert.True(agree == 541, $"{agree} of 541 agree: " + string.Join("; ", differing));
    }

    public static TheoryData<string, string, double, string> Malformed => new()
    {
        // kind, how the generated text is built from RESPONSE, total, reason
        { "missing answer tags", "plan</think>RESPONSE", -3, "format: missing <answer>; ifeval: not scored (invalid format)" },
        { "duplicate think", "<think>plan</think><answer>RESPONSE</answer>", -3, "format: duplicate <think>; ifeval: not scored (invalid format)" },
        { "empty think", "</think><answer>RESPONSE</answer>", -1, "format: ok; ifeval: not scored (empty think)" },
        { "placeholder think", "reasoning process here</think><answer>RESPONSE</answer>", -1, "format: ok; ifeval: not scored (placeholder think)" },
        { "no anchor", "NO-ANCHOR", -3, "format: no assistant anchor; ifeval: not scored (no assistant anchor)" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Every_response_in_a_malformed_wrapping_scores_as_unscored(string kind, string shape, double total, string reason)
    {
        var samples = Samples.Value;
        var inputs = samples.Select(s => shape == "NO-ANCHOR"
            // The prompt as plain text: no chat template, so no assistant anchor to find.
            ? new RewardInput(s.Prompt + "\n<think>", "plan</think><answer>" + s.Response + "</answer>", s.Target, "ifeval")
            : new RewardInput(QwenPrompt(s.Prompt), shape.Replace("RESPONSE", s.Response, StringComparison.Ordinal), s.Target, "ifeval")).ToList();

        var results = await new RewardCalculator().ScoreBatchAsync(inputs);

        for (int i = 0; i < samples.Count; i++)
        {
            var r = results[i];
            Assert.True(total == r.Total && reason == r.Reason, $"{kind}, key {samples[i].Key}: total {r.Total}, reason '{r.Reason}'");
            Assert.False(r.Scored);
            Assert.Null(r.PassCount);
            Assert.Equal(samples[i].Ids.Count, r.N);
            Assert.Equal(0.0, r.Accuracy);
            Assert.True(r.Superior);
        }
    }
}
