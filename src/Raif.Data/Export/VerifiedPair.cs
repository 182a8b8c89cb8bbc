using Raif.Core.Jsonl;
using Raif.Core.Responses;
using Raif.Core.Templates;
using Raif.Data.Stages;

namespace Raif.Data.Export;

/// <summary>
/// One verified prompt-response pair, the input of export: an RL prompt record (<c>id</c>, <c>input</c>,
/// <c>target</c>, <c>task</c>, <c>instruction</c>, <c>seed_id</c>, <c>language</c>, <c>composition</c>) plus the
/// expert's <c>reasoning</c>, <c>answer</c> and <c>response</c> (<c>&lt;think&gt;…&lt;/think&gt;&lt;answer&gt;…&lt;/answer&gt;</c>).
/// Only what export needs is required: the instruction, the target and the task. A record without an expert
/// response (an offline-evolved prompt) still becomes an RL record but no SFT pair; other fields (<c>quality</c>,
/// <c>verification</c>) are ignored.
/// </summary>
public sealed record VerifiedPair(
    string Id, string Instruction, string Target, string Task, string? Language, string? Composition, string? Reasoning, string? Answer, string? Response)
{
    public static VerifiedPair FromJsonl(JsonlLine line)
    {
        string instruction = line.RequiredString("instruction");
        if (instruction.Trim().Length == 0)
            throw line.Error("instruction", "empty");
        string target = line.StringOrRawJson("target") ?? throw line.Error("target", "missing");
        string task = line.RequiredString("task");
        string? response = line.OptionalString("response");
        string? reasoning = line.OptionalString("reasoning") ?? (response is null ? null : ReasoningExtractor.Think(response));
        string? answer = line.OptionalString("answer") ?? (response is null ? null : ReasoningExtractor.Answer(response, answerAfterThink: false));
        if (response is not null && (reasoning is null || answer is null))
            throw line.Error("response", "has no <think>…</think> and <answer>…</answer> blocks (and no reasoning and answer fields)");
        if ((reasoning is null) != (answer is null))
            throw line.Error(reasoning is null ? "reasoning" : "answer", "missing: an expert response needs both reasoning and answer");
        if (answer is not null && answer.Trim().Length == 0)
            throw line.Error("answer", "empty");
        string id = line.OptionalString("id") is { Length: > 0 } given ? given : StageRunner.DefaultId("export", line);
        return new VerifiedPair(id, instruction, target, task, line.OptionalString("language"), line.OptionalString("composition"), reasoning, answer, response);
    }

    /// <summary>
    /// The behaviour-cloning completion (spec §3.8, §4.4) that follows a prompt ending in the pre-filled
    /// <c>&lt;think&gt;</c>: the expert response without its own opening tag (question + answer hold <c>&lt;think&gt;</c>
    /// once, as the structure check requires). R1-style templates (deepseek) get the answer after <c>&lt;/think&gt;</c>
    /// without answer tags, the format their reward reads.
    /// </summary>
    public bool HasExpertResponse => Reasoning is not null && Answer is not null;

    public string SftCompletion(ChatTemplate template)
    {
        if (!HasExpertResponse)
            throw new InvalidOperationException($"record {Id} has no expert response");
        if (template.AnswerAfterThink)
            return "\n" + Reasoning + "\n</think>\n\n" + Answer;
        if (Response is not null && Response.StartsWith(ChatTemplate.ThinkOpen, StringComparison.Ordinal))
            return Response[ChatTemplate.ThinkOpen.Length..];
        return "\n" + Reasoning + "\n</think>\n<answer>\n" + Answer + "\n</answer>";
    }
}
