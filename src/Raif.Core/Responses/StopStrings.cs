namespace Raif.Core.Responses;

/// <summary>End-of-turn strings at which a decoded model output is cut (spec §5.4).</summary>
public static class StopStrings
{
    public static readonly IReadOnlyList<string> Default =
        ["</s>", "<|im_end|>", "<|endoftext|>", "<｜end▁of▁sentence｜>", "<|eot_id|>"];

    /// <summary>Cuts <paramref name="text"/> at the earliest occurrence of any stop string.</summary>
    public static string TruncateAtFirst(string text, IReadOnlyList<string>? stops = null)
    {
        int cut = text.Length;
        foreach (var stop in stops ?? Default)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
                cut = at;
        }
        return cut == text.Length ? text : text[..cut];
    }
}
