using System.Text;

namespace Raif.Verifiers.Language;

/// <summary>
/// Tells simplified from traditional Chinese the way <c>langdetect</c>'s zh-cn / zh-tw profiles separate them in
/// effect: by characters that exist in only one of the two writing systems. A CJK unified ideograph encodable in
/// GB 2312 (the simplified set, code page 20936) but not in Big5 (code page 950) counts as simplified, the reverse as
/// traditional; the majority wins, ties go to zh-cn. The code-page tables are the runtime's (no hand-made list).
/// </summary>
public static class ChineseVariant
{
    private const char First = '\u4e00';
    private const char Last = '\u9fff';
    private const byte SimplifiedOnly = 1;
    private const byte TraditionalOnly = 2;

    private static readonly byte[] Kinds = BuildKinds();

    /// <summary>"zh-cn" or "zh-tw".</summary>
    public static string Of(string text)
    {
        int simplified = 0, traditional = 0;
        foreach (char c in text)
        {
            if (c is < First or > Last)
                continue;
            byte kind = Kinds[c - First];
            if (kind == SimplifiedOnly)
                simplified++;
            else if (kind == TraditionalOnly)
                traditional++;
        }
        return traditional > simplified ? "zh-tw" : "zh-cn";
    }

    private static byte[] BuildKinds()
    {
        var provider = CodePagesEncodingProvider.Instance;
        var fallback = new EncoderReplacementFallback("?");
        var gb2312 = provider.GetEncoding(20936, fallback, DecoderFallback.ReplacementFallback)!;
        var big5 = provider.GetEncoding(950, fallback, DecoderFallback.ReplacementFallback)!;
        var kinds = new byte[Last - First + 1];
        Span<char> one = stackalloc char[1];
        Span<byte> bytes = stackalloc byte[8];
        for (int c = First; c <= Last; c++)
        {
            one[0] = (char)c;
            bool inGb = gb2312.GetBytes(one, bytes) > 1;
            bool inBig5 = big5.GetBytes(one, bytes) > 1;
            kinds[c - First] = inGb == inBig5 ? (byte)0 : inGb ? SimplifiedOnly : TraditionalOnly;
        }
        return kinds;
    }
}
