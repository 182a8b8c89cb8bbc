using Raif.Core.Templates;
using Raif.Core.Text;

namespace Raif.Core.Responses;

/// <summary>Finds the template and the model output in a full decoded sequence (spec §5.2, §5.4).</summary>
public static class ResponseSegmenter
{
    /// <summary>
    /// The first template, in detection order, whose assistant anchor occurs in <paramref name="sequence"/>
    /// (deepseek also needs all three of its markers); <c>null</c> when none does.
    /// </summary>
    public static ChatTemplate? DetectTemplate(string sequence)
    {
        foreach (var template in ChatTemplates.DetectionOrder)
        {
            if (Matches(template, sequence))
                return template;
        }
        return null;
    }

    /// <summary>Segments with template detection; <c>null</c> when no anchor is found.</summary>
    public static ResponseSegment? Segment(string sequence, IReadOnlyList<string>? stops = null)
    {
        var template = DetectTemplate(sequence);
        return template is null ? null : Segment(sequence, template, stops);
    }

    /// <summary>Segments with a known template; <c>null</c> when its anchor is absent.</summary>
    public static ResponseSegment? Segment(string sequence, ChatTemplate template, IReadOnlyList<string>? stops = null)
    {
        if (!Matches(template, sequence))
            return null;
        int anchor = sequence.LastIndexOf(template.AssistantAnchor, StringComparison.Ordinal);
        int thinkAt = anchor + template.AssistantHeader.Length;
        string rawOutput = sequence[thinkAt..];
        // As in the release: the input is everything before the first occurrence of the output text.
        string modelInput = sequence[..sequence.IndexOf(rawOutput, StringComparison.Ordinal)];
        string output = PyStr.Strip(StopStrings.TruncateAtFirst(PyStr.LStrip(rawOutput), stops));
        return new ResponseSegment(template, modelInput, output);
    }

    private static bool Matches(ChatTemplate template, string sequence)
    {
        if (!sequence.Contains(template.AssistantAnchor, StringComparison.Ordinal))
            return false;
        foreach (var marker in template.RequiredMarkers)
        {
            if (!sequence.Contains(marker, StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}
