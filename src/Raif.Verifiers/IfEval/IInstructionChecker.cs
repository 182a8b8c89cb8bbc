namespace Raif.Verifiers.IfEval;

/// <summary>One instruction with its parsed, typed arguments. Implementations are immutable and thread-safe.</summary>
public interface IInstructionChecker
{
    /// <summary>Whether <paramref name="response"/> follows the instruction (the checker's own rule only; the
    /// evaluator adds the "blank response fails" rule and the loose variants).</summary>
    bool Check(string response);
}
