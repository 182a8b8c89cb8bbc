using Raif.Core.Templates;

namespace Raif.Core.Responses;

/// <summary>
/// Everything the reward needs to know about a response's shape: the template, the stop-truncated model output,
/// the extracted reasoning and answer, and whether the tag structure is valid (with the first rule broken).
/// </summary>
public sealed record FormatAnalysis(
    ChatTemplate? Template,
    string ModelInput,
    string ModelOutput,
    string? Think,
    string? Answer,
    bool Valid,
    string Reason)
{
    /// <summary>Reason used when no assistant anchor is found.</summary>
    public const string NoAnchorReason = "no assistant anchor";

    /// <summary>Whether an assistant anchor was found at all.</summary>
    public bool AnchorFound => Template is not null;

    /// <summary>Analyses a full decoded sequence (prompt followed by generated text), detecting the template.</summary>
    public static FormatAnalysis Analyze(string sequence, IReadOnlyList<string>? stops = null) =>
        From(ResponseSegmenter.Segment(sequence, stops), sequence);

    /// <summary>Analyses a full decoded sequence with a known template.</summary>
    public static FormatAnalysis Analyze(string sequence, ChatTemplate template, IReadOnlyList<string>? stops = null) =>
        From(ResponseSegmenter.Segment(sequence, template, stops), sequence, template);

    private static FormatAnalysis From(ResponseSegment? segment, string sequence, ChatTemplate? expected = null)
    {
        if (segment is null)
        {
            string reason = expected is null ? NoAnchorReason : $"{NoAnchorReason} for template {expected.Name}";
            return new FormatAnalysis(null, sequence, "", null, null, false, reason);
        }
        var template = segment.Template;
        string output = segment.ModelOutput;
        bool valid = StructureValidator.Validate(output, template.AnswerAfterThink, out var why);
        return new FormatAnalysis(
            template,
            segment.ModelInput,
            output,
            ReasoningExtractor.Think(output),
            ReasoningExtractor.Answer(output, template.AnswerAfterThink),
            valid,
            why);
    }
}
