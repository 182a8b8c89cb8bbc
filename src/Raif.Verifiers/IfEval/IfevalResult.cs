namespace Raif.Verifiers.IfEval;

/// <summary>One line of <c>eval_results_strict.jsonl</c> / <c>eval_results_loose.jsonl</c> (the official fields).</summary>
public sealed record IfevalResult(
    IReadOnlyList<string> InstructionIdList,
    string Prompt,
    string Response,
    IReadOnlyList<bool> FollowInstructionList)
{
    public bool FollowAllInstructions => FollowInstructionList.All(v => v);
}
