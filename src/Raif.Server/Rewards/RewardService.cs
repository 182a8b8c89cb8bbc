using Raif.Core.Judging;
using Raif.Core.Tasks;
using Raif.Rewards;
using Raif.Server.Hosting;

namespace Raif.Server.Rewards;

/// <summary>
/// RAIF rewards for external RL engines. Rule-based samples (ifeval, maths) are scored one by one on the thread
/// pool, at most one per core at a time, each under <see cref="ServerOptions.RewardSampleTimeLimit"/>; complex
/// samples go to the judge together (one judge call per request, under <see cref="ServerOptions.JudgeTimeLimit"/>).
/// A sample that cannot be scored — bad label, unknown task, time limit, a verifier bug, a failed judge — gets
/// its own error and the rest of the batch is unaffected. Thread-safe.
/// </summary>
public sealed class RewardService
{
    private readonly ServerOptions _options;
    private readonly RewardCalculator _calculator;
    private readonly Func<RewardInput, CancellationToken, Task<RewardResult>> _scoreOne;
    private readonly SemaphoreSlim _slots;

    public RewardService(ServerOptions options, IJudge? judge)
        : this(options, judge, null)
    {
    }

    /// <summary>With <paramref name="scoreOne"/> in place of the calculator for single rule-based samples (tests of the time limit).</summary>
    internal RewardService(ServerOptions options, IJudge? judge, Func<RewardInput, CancellationToken, Task<RewardResult>>? scoreOne)
    {
        _options = options;
        _calculator = new RewardCalculator(options.Rewards, judge);
        _scoreOne = scoreOne ?? _calculator.ScoreAsync;
        int cores = options.Rewards.MaxDegreeOfParallelism > 0 ? options.Rewards.MaxDegreeOfParallelism : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(cores, cores);
    }

    /// <summary>The judge's name, or null when complex tasks cannot be scored.</summary>
    public string? JudgeName { get; init; }

    public async Task<IReadOnlyList<RewardOutcome>> ScoreAsync(IReadOnlyList<RewardSample> samples, CancellationToken cancellationToken = default)
    {
        var outcomes = new RewardOutcome[samples.Count];
        var inputs = new RewardInput?[samples.Count];
        var complex = new List<int>();
        var rules = new List<int>();
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (s.Label is null)
            {
                outcomes[i] = new RewardOutcome(null, "no label: the RAIF target is needed to score a sample");
                continue;
            }
            var route = LabelRoute.Resolve(s.Label, s.Task);
            if (!TaskRoute.TryParse(route.Task, out var parsed, out string error))
            {
                outcomes[i] = new RewardOutcome(null, error);
                continue;
            }
            var (input, output) = Split(s.Query, s.Prompt);
            inputs[i] = new RewardInput(input, output, route.Target, route.Task, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (parsed.Kind == TaskKind.Complex ? complex : rules).Add(i);
        }
        var ruleTasks = rules.Select(i => ScoreRuleBasedAsync(inputs[i]!, cancellationToken)).ToArray();
        var judged = ScoreComplexAsync([.. complex.Select(i => inputs[i]!)], cancellationToken);
        var ruleResults = await Task.WhenAll(ruleTasks).ConfigureAwait(false);
        for (int r = 0; r < rules.Count; r++)
            outcomes[rules[r]] = ruleResults[r];
        var complexResults = await judged.ConfigureAwait(false);
        for (int c = 0; c < complex.Count; c++)
            outcomes[complex[c]] = complexResults[c];
        return outcomes;
    }

    /// <summary>
    /// Input and output of a query: split after the prompt when the prompt is found in it (left padding decoded
    /// into the query may precede it); otherwise the whole query is the input and the format analysis finds the
    /// assistant anchor (the reward reads input + output either way).
    /// </summary>
    internal static (string Input, string Output) Split(string query, string? prompt)
    {
        if (string.IsNullOrEmpty(prompt))
            return (query, "");
        int at = query.IndexOf(prompt, StringComparison.Ordinal);
        if (at < 0)
            return (query, "");
        int end = at + prompt.Length;
        return (query[..end], query[end..]);
    }

    private async Task<RewardOutcome> ScoreRuleBasedAsync(RewardInput input, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var own = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => _scoreOne(input, own.Token), own.Token);
        // The slot is freed when the work really ends, so a runaway sample keeps its core and cannot pile up more.
        _ = work.ContinueWith(_ =>
        {
            _slots.Release();
            own.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return Outcome(await work.WaitAsync(_options.RewardSampleTimeLimit, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            own.Cancel();
            return new RewardOutcome(null, $"time limit of {_options.RewardSampleTimeLimit.TotalSeconds:0.###} s per sample exceeded");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RewardOutcome(null, $"internal error while scoring: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<RewardOutcome[]> ScoreComplexAsync(RewardInput[] inputs, CancellationToken cancellationToken)
    {
        if (inputs.Length == 0)
            return [];
        using var own = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var results = await _calculator.ScoreBatchAsync(inputs, own.Token).WaitAsync(_options.JudgeTimeLimit, cancellationToken).ConfigureAwait(false);
            return [.. results.Select(Outcome)];
        }
        catch (TimeoutException)
        {
            await own.CancelAsync().ConfigureAwait(false);
            return Fail($"the judge did not answer within {_options.JudgeTimeLimit.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Fail($"internal error while judging: {e.GetType().Name}: {e.Message}");
        }

        RewardOutcome[] Fail(string error) => [.. inputs.Select(_ => new RewardOutcome(null, error))];
    }

    private static RewardOutcome Outcome(RewardResult result) => new(result.Failed ? null : result, result.Error);
}
