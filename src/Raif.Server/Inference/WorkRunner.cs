using Raif.Modeling.Scoring;

namespace Raif.Server.Inference;

/// <summary>Runs the work that is not generation (prompt scoring, other model calls), for either scheduler.</summary>
internal static class WorkRunner
{
    /// <summary>The prompt scoring of several requests on one model, in shared batches.</summary>
    public static void RunScoring(IReadOnlyList<ScoreWork> works, int batchSize, CancellationToken cancellationToken)
    {
        var model = works[0].Model.Model;
        var pairs = new List<ScoringPair>();
        foreach (var work in works)
        {
            foreach (var sequence in work.Sequences)
                pairs.Add(new ScoringPair(sequence[..1], sequence[1..]));
        }
        int topK = works.Max(w => w.TopK);
        IReadOnlyList<ScoredContinuation> scored;
        try
        {
            scored = topK > 0
                ? model.ScoreContinuationsWithAlternatives(pairs, topK, batchSize, cancellationToken)
                : [.. model.ScoreContinuations(pairs, batchSize, cancellationToken).Select(p => new ScoredContinuation(p, []))];
        }
        catch (Exception e)
        {
            foreach (var work in works)
                work.Fail(e);
            return;
        }
        int at = 0;
        foreach (var work in works)
        {
            var mine = new ScoredContinuation[work.Sequences.Count];
            for (int i = 0; i < mine.Length; i++, at++)
            {
                var s = scored[at];
                mine[i] = s with { Alternatives = work.TopK >= topK ? s.Alternatives : [.. s.Alternatives.Select(a => a[..Math.Min(work.TopK, a.Length)])] };
            }
            work.Result.TrySetResult(mine);
        }
    }

    public static void RunAction(ActionWork work)
    {
        try
        {
            work.Result.TrySetResult(work.Action());
        }
        catch (Exception e)
        {
            work.Fail(e);
        }
    }
}
