using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;

namespace Raif.Rewards.IfEval;

/// <summary>
/// The verifiable-constraint check of spec §6.3: compiles a target's instructions (a bad id or argument is a target
/// error naming the field) and evaluates them in strict mode on the answer text. With <paramref name="withIfbench"/>
/// (the <c>ifbench…</c> tasks) IFBench's 58 ids are accepted beside IFEval's; a check that raises in IFBench's
/// reference code counts as not followed. Thread-safe.
/// </summary>
public sealed class IfevalAnswerChecker(IfevalVariant variant, bool withIfbench = false)
{
    private readonly IfevalEvaluator _evaluator = new(new IfevalOptions(variant), withIfbench ? IfBenchRegistry.WithIfeval : InstructionRegistry.Default);

    /// <summary>The compiled instructions of a target.</summary>
    public IfevalInstructionSet Compile(IfevalTarget target)
    {
        try
        {
            return _evaluator.Compile(target.InstructionIds, target.Kwargs);
        }
        catch (IfevalArgumentException e)
        {
            string field = e.Argument is null ? IfevalTarget.IdsField : IfevalTarget.KwargsField;
            throw RewardTargetException.Field(field, e.Message);
        }
    }

    /// <summary>Strict verdicts, one per instruction, on <paramref name="answer"/> (the trimmed answer block).</summary>
    public bool[] Follow(IfevalInstructionSet instructions, string answer) => _evaluator.FollowStrict(instructions, answer);
}
