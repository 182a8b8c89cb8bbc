namespace Raif.Data.Verification;

/// <summary>
/// The part of a judge's reply text that holds its verdict. A reasoning judge served without a reasoning parser
/// puts its thinking in the text: a leading <c>&lt;think&gt;…&lt;/think&gt;</c> block, or text up to a lone
/// <c>&lt;/think&gt;</c> when the chat template opened the block; that part is left out.
/// </summary>
public static class JudgeReplyText
{
    public static string WithoutReasoning(string reply)
    {
        int close = reply.LastIndexOf("</think>", StringComparison.Ordinal);
        return close < 0 ? reply : reply[(close + "</think>".Length)..];
    }
}
