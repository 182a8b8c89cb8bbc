using System.Text;
using Raif.Modeling.Tokenization;

namespace Raif.Server.Inference;

/// <summary>Decoding for responses: ids the tokenizer does not know (a model vocabulary larger than the tokenizer's) decode to nothing instead of failing the request.</summary>
internal static class TokenText
{
    public static string Decode(HfTokenizer tokenizer, IEnumerable<int> ids, bool skipSpecialTokens)
    {
        try
        {
            return tokenizer.Decode(ids, skipSpecialTokens);
        }
        catch (ArgumentException)
        {
            return tokenizer.Decode(ids.Where(id => Known(tokenizer, id)), skipSpecialTokens);
        }
    }

    /// <summary>One token as text (special tokens kept), as the <c>token</c> of a log-prob entry.</summary>
    public static string Token(HfTokenizer tokenizer, int id) => Known(tokenizer, id) ? tokenizer.Decode([id]) : "";

    public static byte[] Bytes(string token) => Encoding.UTF8.GetBytes(token);

    private static bool Known(HfTokenizer tokenizer, int id) =>
        tokenizer.IdToToken(id) is not null || tokenizer.AddedTokens.Any(a => a.Id == id);
}
