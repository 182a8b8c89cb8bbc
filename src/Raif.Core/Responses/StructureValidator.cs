namespace Raif.Core.Responses;

/// <summary>
/// The tag-structure rule of spec §5.6: each tag exactly once, first positions in order. Text between and after
/// the blocks is allowed. R1-style templates need only the think tags.
/// </summary>
public static class StructureValidator
{
    private static readonly string[] FullTags = ["<think>", "</think>", "<answer>", "</answer>"];
    private static readonly string[] ThinkTags = ["<think>", "</think>"];

    /// <summary>Validates; <paramref name="reason"/> names the first rule broken, or <c>ok</c>.</summary>
    public static bool Validate(string modelOutput, bool thinkTagsOnly, out string reason)
    {
        var tags = thinkTagsOnly ? ThinkTags : FullTags;
        var positions = new int[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            int count = CountNonOverlapping(modelOutput, tags[i]);
            if (count == 0)
            {
                reason = $"missing {tags[i]}";
                return false;
            }
            if (count > 1)
            {
                reason = $"duplicate {tags[i]}";
                return false;
            }
            positions[i] = modelOutput.IndexOf(tags[i], StringComparison.Ordinal);
        }
        for (int i = 1; i < tags.Length; i++)
        {
            if (positions[i - 1] > positions[i])
            {
                reason = $"{tags[i]} before {tags[i - 1]}";
                return false;
            }
        }
        reason = "ok";
        return true;
    }

    /// <summary>Python's <c>str.count</c>: non-overlapping occurrences.</summary>
    public static int CountNonOverlapping(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
