namespace Raif.Verifiers.IfEval;

/// <summary>The instruction ids of IFEval (25) and RAIF's <c>detectable_format:xml_format</c>.</summary>
public static class IfevalIds
{
    public const string KeywordsExistence = "keywords:existence";
    public const string KeywordsFrequency = "keywords:frequency";
    public const string KeywordsForbiddenWords = "keywords:forbidden_words";
    public const string KeywordsLetterFrequency = "keywords:letter_frequency";
    public const string ResponseLanguage = "language:response_language";
    public const string NumberSentences = "length_constraints:number_sentences";
    public const string NumberParagraphs = "length_constraints:number_paragraphs";
    public const string NumberWords = "length_constraints:number_words";
    public const string NthParagraphFirstWord = "length_constraints:nth_paragraph_first_word";
    public const string NumberPlaceholders = "detectable_content:number_placeholders";
    public const string Postscript = "detectable_content:postscript";
    public const string NumberBulletLists = "detectable_format:number_bullet_lists";
    public const string ConstrainedResponse = "detectable_format:constrained_response";
    public const string NumberHighlightedSections = "detectable_format:number_highlighted_sections";
    public const string MultipleSections = "detectable_format:multiple_sections";
    public const string JsonFormat = "detectable_format:json_format";
    public const string XmlFormat = "detectable_format:xml_format";
    public const string Title = "detectable_format:title";
    public const string TwoResponses = "combination:two_responses";
    public const string RepeatPrompt = "combination:repeat_prompt";
    public const string EndChecker = "startend:end_checker";
    public const string Quotation = "startend:quotation";
    public const string CapitalWordFrequency = "change_case:capital_word_frequency";
    public const string EnglishCapital = "change_case:english_capital";
    public const string EnglishLowercase = "change_case:english_lowercase";
    public const string NoComma = "punctuation:no_comma";
}
