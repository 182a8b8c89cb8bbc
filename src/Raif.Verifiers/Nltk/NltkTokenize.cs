namespace Raif.Verifiers.Nltk;

/// <summary>NLTK 3.8's <c>sent_tokenize</c> and <c>word_tokenize</c> for English.</summary>
public static class NltkTokenize
{
    /// <summary><c>nltk.sent_tokenize(text)</c>: Punkt with the English model.</summary>
    public static List<string> Sentences(string text) => PunktSentenceTokenizer.English.Tokenize(text);

    /// <summary><c>nltk.word_tokenize(text)</c>: Punkt sentences, then the Treebank-style tokenizer on each.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var sentence in Sentences(text))
            TreebankWordTokenizer.Instance.Tokenize(sentence, words);
        return words;
    }

    /// <summary>How many tokens of <c>nltk.word_tokenize(text)</c> satisfy <paramref name="predicate"/>, without making
    /// the token strings.</summary>
    public static int CountWords(string text, Func<ReadOnlySpan<char>, bool> predicate)
    {
        int count = 0;
        foreach (var sentence in Sentences(text))
            count += TreebankWordTokenizer.Instance.Count(sentence, predicate);
        return count;
    }
}
