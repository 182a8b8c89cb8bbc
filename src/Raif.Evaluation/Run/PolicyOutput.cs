namespace Raif.Evaluation.Run;

/// <summary>
/// What the policy produced for one item: the response the benchmark scores, the raw text it came from, and the
/// reasoning where there was any (a <c>reasoning_content</c> field, an inline think block, or SDC's first step).
/// </summary>
public sealed record PolicyOutput(string Response, string Raw, string? Reasoning);
