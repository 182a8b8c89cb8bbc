namespace Raif.Core.Tasks;

/// <summary>Which verifier scores a prompt's answers (spec §4.3).</summary>
public enum TaskKind
{
    /// <summary><c>default</c> or missing: a maths problem with a boxed reference answer.</summary>
    Maths,

    /// <summary><c>ifeval…</c> (IFEval's ids) and <c>ifbench…</c> (IFBench's and IFEval's ids): code-checkable constraints.</summary>
    IfEval,

    /// <summary><c>complex…</c>: a checklist of YES/NO questions answered by an LLM judge.</summary>
    Complex,

    /// <summary><c>kk…</c>: the legacy Knights-and-Knaves puzzles of the RAIF release.</summary>
    KnightsAndKnaves,
}
