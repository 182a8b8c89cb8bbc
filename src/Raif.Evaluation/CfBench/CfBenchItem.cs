namespace Raif.Evaluation.CfBench;

/// <summary>One criterion: its text, priority (<c>主需</c> primary or <c>次需</c> secondary) and constraint type.</summary>
public sealed record CfBenchCriterion(string Text, string Priority, string Type, string SubType);

/// <summary>One CFBench item (<c>cfbench_data.json</c>); <see cref="Id"/> is its <c>idx</c>.</summary>
public sealed record CfBenchItem(string Id, string Prompt, string Gold, string Split, IReadOnlyList<CfBenchCriterion> Criteria);
