namespace Raif.Evaluation.InfoBench;

/// <summary>One InfoBench instruction (<c>infobench.jsonl</c>) with its decomposed yes/no questions.</summary>
public sealed record InfoBenchItem(string Id, string Input, string Instruction, string Subset, IReadOnlyList<string> Questions)
{
    public const string EasySet = "Easy_set";
    public const string HardSet = "Hard_set";
}
