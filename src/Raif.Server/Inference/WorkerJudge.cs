using Raif.Core.Judging;
using Raif.Modeling.Judging;

namespace Raif.Server.Inference;

/// <summary>A <see cref="LocalModelJudge"/> whose forward passes run on the model worker, between generation batches.</summary>
internal sealed class WorkerJudge(ModelWorker worker, ServedModel model, LocalModelJudge judge) : IJudge
{
    public string Name => judge.Name;

    public async Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default)
    {
        var work = new ActionWork(model, () => judge.Score(requests, cancellationToken), cancellationToken);
        worker.Submit(work);
        return (IReadOnlyList<JudgeScores>)(await work.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
