using System.Collections.Frozen;
using System.Text.Json;
using Raif.Verifiers.IfEval.Checkers;

namespace Raif.Verifiers.IfEval;

/// <summary>Instruction ids and the factories that turn their kwargs into checkers. Immutable.</summary>
public sealed class InstructionRegistry
{
    private readonly FrozenDictionary<string, Func<JsonElement, IfevalOptions, IInstructionChecker>> _factories;

    private InstructionRegistry(FrozenDictionary<string, Func<JsonElement, IfevalOptions, IInstructionChecker>> factories) =>
        _factories = factories;

    /// <summary>IFEval's 25 instruction ids plus RAIF's <c>detectable_format:xml_format</c>.</summary>
    public static InstructionRegistry Default { get; } = new(new Dictionary<string, Func<JsonElement, IfevalOptions, IInstructionChecker>>
    {
        [IfevalIds.KeywordsExistence] = KeywordsExistenceChecker.Create,
        [IfevalIds.KeywordsFrequency] = KeywordsFrequencyChecker.Create,
        [IfevalIds.KeywordsForbiddenWords] = ForbiddenWordsChecker.Create,
        [IfevalIds.KeywordsLetterFrequency] = LetterFrequencyChecker.Create,
        [IfevalIds.ResponseLanguage] = ResponseLanguageChecker.Create,
        [IfevalIds.NumberSentences] = NumberSentencesChecker.Create,
        [IfevalIds.NumberParagraphs] = NumberParagraphsChecker.Create,
        [IfevalIds.NumberWords] = NumberWordsChecker.Create,
        [IfevalIds.NthParagraphFirstWord] = NthParagraphFirstWordChecker.Create,
        [IfevalIds.NumberPlaceholders] = NumberPlaceholdersChecker.Create,
        [IfevalIds.Postscript] = PostscriptChecker.Create,
        [IfevalIds.NumberBulletLists] = NumberBulletListsChecker.Create,
        [IfevalIds.ConstrainedResponse] = ConstrainedResponseChecker.Create,
        [IfevalIds.NumberHighlightedSections] = NumberHighlightedSectionsChecker.Create,
        [IfevalIds.MultipleSections] = MultipleSectionsChecker.Create,
        [IfevalIds.JsonFormat] = JsonFormatChecker.Create,
        [IfevalIds.XmlFormat] = XmlFormatChecker.Create,
        [IfevalIds.Title] = TitleChecker.Create,
        [IfevalIds.TwoResponses] = TwoResponsesChecker.Create,
        [IfevalIds.RepeatPrompt] = RepeatPromptChecker.Create,
        [IfevalIds.EndChecker] = EndChecker.Create,
        [IfevalIds.Quotation] = QuotationChecker.Create,
        [IfevalIds.CapitalWordFrequency] = CapitalWordFrequencyChecker.Create,
        [IfevalIds.EnglishCapital] = EnglishCaseChecker.CreateCapital,
        [IfevalIds.EnglishLowercase] = EnglishCaseChecker.CreateLowercase,
        [IfevalIds.NoComma] = NoCommaChecker.Create,
    }.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary>A registry of the given factories (how other instruction families, e.g. IFBench's, are built).</summary>
    public static InstructionRegistry Of(IEnumerable<KeyValuePair<string, Func<JsonElement, IfevalOptions, IInstructionChecker>>> factories) =>
        new(factories.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary>Both registries' ids; an id in both is an error (the families must not overlap).</summary>
    public InstructionRegistry Union(InstructionRegistry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var shared = _factories.Keys.Intersect(other._factories.Keys, StringComparer.Ordinal).ToList();
        if (shared.Count > 0)
            throw new ArgumentException($"instruction ids in both registries: {string.Join(", ", shared)}", nameof(other));
        return Of(_factories.Concat(other._factories));
    }

    public IReadOnlyCollection<string> Ids => _factories.Keys;

    public bool Contains(string id) => _factories.ContainsKey(id);

    /// <summary>A new registry with one more id (or a replaced factory for an existing one).</summary>
    public InstructionRegistry With(string id, Func<JsonElement, IfevalOptions, IInstructionChecker> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(factory);
        var copy = new Dictionary<string, Func<JsonElement, IfevalOptions, IInstructionChecker>>(_factories, StringComparer.Ordinal)
        {
            [id] = factory,
        };
        return new InstructionRegistry(copy.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The checker for one instruction; an unknown id or a bad argument is an <see cref="IfevalArgumentException"/>.</summary>
    public IInstructionChecker Create(string id, JsonElement kwargs, IfevalOptions options)
    {
        if (!_factories.TryGetValue(id, out var factory))
            throw new IfevalArgumentException(id, null, "unknown instruction id");
        return factory(kwargs, options);
    }
}
