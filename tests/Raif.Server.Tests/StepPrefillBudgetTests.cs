using System.Text.Json;
using Raif.Modeling.Generation;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary>Folded prefill's per-step budget of prompt tokens: which waiting joiners ride in the next step.</summary>
public class StepPrefillBudgetTests
{
    private sealed class Joiner(int[] prompt) : BatchSequence(prompt, SamplingOptions.Greedy, new HashSet<int>())
    {
        public override FinishReason? OnToken(int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished) => null;

        public override void OnEnd(FinishReason? reason)
        {
        }
    }

    private static Joiner[] Joiners(params int[] lengths) => [.. lengths.Select(n => new Joiner([.. Enumerable.Range(1, n)]))];

    [Theory]
    [InlineData(new[] { 5, 5, 5 }, 10, 2)] // 5 + 5 fit, a third would make 15
    [InlineData(new[] { 5, 5, 5 }, 15, 3)]
    [InlineData(new[] { 40, 1 }, 10, 1)] // over the budget alone: joins anyway, alone
    [InlineData(new[] { 3, 40, 1 }, 10, 1)] // in order: the short one behind the long one waits
    public void Joiners_ride_in_order_while_their_prompts_fit(int[] lengths, int budget, int expected) =>
        Assert.Equal(expected, ContinuousScheduler.JoinersWithin(Joiners(lengths), budget));

    [Fact]
    public void The_choices_of_one_prompt_count_once()
    {
        int[] prompt = [.. Enumerable.Range(1, 6)];
        var choices = Enumerable.Range(0, 4).Select(_ => new Joiner(prompt)).ToArray(); // n = 4: one prompt array
        Assert.Equal(4, ContinuousScheduler.JoinersWithin([.. choices, .. Joiners(6)], 8));
        Assert.Equal(5, ContinuousScheduler.JoinersWithin([.. choices, .. Joiners(6)], 12));
    }
}

/// <summary>A budget that lets one prompt per step through still serves every request as it is served alone.</summary>
[Collection(ServerCollection.Name)]
public class StepPrefillBudgetServerTests(ServerFixture fixture)
{
    [Fact]
    public async Task Joiners_held_back_by_the_budget_still_get_what_they_get_alone()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, MaxStepPrefillTokens = 1 });
        string[] prompts = ["Once upon a time", "hi", "The colour of the sky is", "hi there", "A"];
        var answers = await Task.WhenAll(prompts.Select((p, i) => CompleteAsync(server.BaseAddress, p, 6 + i)));
        for (int i = 0; i < prompts.Length; i++)
        {
            var (_, output) = Reference.Greedy(fixture.Model, prompts[i], 6 + i, ignoreEos: true);
            Assert.Equal(Reference.Text(fixture.Model, output), answers[i]);
        }
    }

    [Fact]
    public async Task A_burst_into_an_idle_model_starts_with_the_prompts_within_the_budget_and_folds_the_rest_in()
    {
        // The window lets all five arrive before the first pass. With a budget of one token each prompt joins alone:
        // the first in the pass that starts the batch, the others one per step, 5 joins (one pass took all five before).
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, MaxStepPrefillTokens = 1, BatchWindow = TimeSpan.FromMilliseconds(500) });
        string[] prompts = ["Once upon a time", "hi", "The colour of the sky is", "hi there", "A"];
        var answers = await Task.WhenAll(prompts.Select((p, i) => CompleteAsync(server.BaseAddress, p, 8 + i)));
        for (int i = 0; i < prompts.Length; i++)
        {
            var (_, output) = Reference.Greedy(fixture.Model, prompts[i], 8 + i, ignoreEos: true);
            Assert.Equal(Reference.Text(fixture.Model, output), answers[i]);
        }
        Assert.Equal(5, server.Worker!.GenerationBatches);
    }

    private static async Task<string> CompleteAsync(Uri server, string prompt, int maxTokens)
    {
        var (status, answer) = await Http.PostRawAsync(server, "v1/completions", JsonSerializer.Serialize(new
        {
            model = ServerFixture.ModelId,
            prompt,
            max_tokens = maxTokens,
            temperature = 0,
            ignore_eos = true,
        }));
        Assert.True(status == 200, answer);
        return JsonDocument.Parse(answer).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;
    }
}
