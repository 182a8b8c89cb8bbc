namespace Raif.Evaluation.Judging;

/// <summary>The loop every judged benchmark runs: each item scored concurrently, results kept in item order.</summary>
public static class JudgedItems
{
    /// <summary>
    /// Scores every item with <paramref name="score"/>, many at once (the <see cref="JudgeClient"/> bounds the calls in
    /// flight), reporting items done and judge calls made; the results are in the order of <paramref name="items"/>.
    /// </summary>
    public static async Task<TResult[]> ScoreAllAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        JudgeClient judge,
        Func<TItem, CancellationToken, Task<TResult>> score,
        IProgress<JudgeProgress>? progress,
        CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                results[i] = await score(items[i], token).ConfigureAwait(false);
                progress?.Report(new JudgeProgress(Interlocked.Increment(ref done), items.Count, judge.Calls));
            }).ConfigureAwait(false);
        return results;
    }
}
