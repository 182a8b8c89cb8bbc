using Raif.Core.Judging;
using Raif.Modeling.Judging;
using Raif.Server.Inference;

namespace Raif.Server.Hosting;

/// <summary>Where <c>/reward</c> gets judge verdicts for complex tasks.</summary>
public abstract record ServerJudge
{
    private ServerJudge()
    {
    }

    /// <summary>A local model, judged on the server's model worker (and also served under <c>/v1</c>).</summary>
    public sealed record Local(ServedModel Model, LocalJudgeOptions? Options = null) : ServerJudge;

    /// <summary>Any other judge, e.g. the HTTP judge over a vLLM server.</summary>
    public sealed record Remote(IJudge Judge) : ServerJudge;
}
