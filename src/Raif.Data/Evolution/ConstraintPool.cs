using Raif.Data.Seeds;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Evolution;

/// <summary>
/// The constraint ids evolution may use for a seed language. English: IFEval's 25 (plus RAIF's xml_format when
/// asked). Chinese leaves out the checkers whose rule assumes English text: english_capital and english_lowercase
/// (they require an English response), number_sentences (NLTK's English Punkt does not split on 。), number_words
/// (a run of CJK characters is one \w+ word) and nth_paragraph_first_word (the first word is cut at whitespace,
/// which Chinese does not use); language:response_language needs RAIF's zh-cn code, so it is only in the Chinese
/// pool for the RAIF checker variant.
/// </summary>
public static class ConstraintPool
{
    private static readonly string[] NotForChinese =
    [
        IfevalIds.EnglishCapital, IfevalIds.EnglishLowercase, IfevalIds.NumberSentences, IfevalIds.NumberWords,
        IfevalIds.NthParagraphFirstWord,
    ];

    public static IReadOnlyList<string> For(string language, IfevalVariant variant, bool includeXml = false)
    {
        IEnumerable<string> ids = ConflictTable.IfevalIds;
        if (includeXml)
            ids = ids.Append(IfevalIds.XmlFormat);
        if (language == Seed.Chinese)
        {
            ids = ids.Except(NotForChinese);
            if (variant != IfevalVariant.Raif)
                ids = ids.Where(id => id != IfevalIds.ResponseLanguage);
        }
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>The response_language code for a seed language.</summary>
    public static string LanguageCode(string seedLanguage) => seedLanguage == Seed.Chinese ? "zh-cn" : "en";
}
