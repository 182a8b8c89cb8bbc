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
}
