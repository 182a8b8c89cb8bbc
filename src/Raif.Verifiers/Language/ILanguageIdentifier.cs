namespace Raif.Verifiers.Language;

/// <summary>
/// Identifies the language of a text with the codes Python's <c>langdetect</c> reports (ISO 639-1, plus
/// <c>zh-cn</c> and <c>zh-tw</c>). Must be deterministic and thread-safe.
/// </summary>
public interface ILanguageIdentifier
{
    /// <summary>The code of the most likely language, or <c>null</c> when none can be determined (where
    /// <c>langdetect.detect</c> raises <c>LangDetectException</c>, e.g. a text without letters).</summary>
    string? Detect(string text);
}
