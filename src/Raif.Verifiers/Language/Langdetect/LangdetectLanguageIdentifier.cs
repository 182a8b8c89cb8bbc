using System.Text;

namespace Raif.Verifiers.Language.Langdetect;

/// <summary>
/// Python's <c>langdetect.detect</c> (1.0.9) in C#, on the same 55 profiles, so IFEval's language checks give the
/// official evaluator's verdicts: the text is prepared as langdetect prepares it (<see cref="LangdetectText"/>), its
/// 1–3-character n-grams that some profile knows are collected, and seven trials each multiply per-language
/// probabilities over randomly drawn n-grams (with smoothing α = 0.5 + N(0, 1)·0.05) until one language passes
/// 0.99999 or 1,000 draws; the trials are averaged and the most likely language above 0.1 wins.
/// <para>
/// langdetect is random unless seeded; IFEval does not seed it. Here every detection uses Python's generator seeded
/// with <see cref="Seed"/> (0 by default, langdetect's documented way to make it deterministic), so a detection is
/// bit-identical to <c>DetectorFactory.seed = 0</c> in CPython 3.11 with profiles loaded in name order, and
/// deterministic and thread-safe. Faster and far smaller than a general identifier: the profiles load in well under
/// a second and take tens of megabytes.
/// </para>
/// </summary>
public sealed class LangdetectLanguageIdentifier : ILanguageIdentifier
{
    private const int Trials = 7;
    private const double AlphaDefault = 0.5;
    private const double AlphaWidth = 0.05;
    private const int IterationLimit = 1000;
    private const double ProbabilityThreshold = 0.1;
    private const double ConvergenceThreshold = 0.99999;
    private const int BaseFrequency = 10_000;

    /// <summary>What langdetect returns when no language reaches 0.1 (a real answer that matches no language code).</summary>
    public const string Unknown = "unknown";

    private static readonly Lazy<LangdetectLanguageIdentifier> LazyDefault = new(() => new LangdetectLanguageIdentifier());

    private readonly LangdetectProfiles _profiles;

    /// <summary>Seeded with 0 on the embedded profiles.</summary>
    public LangdetectLanguageIdentifier(uint seed = 0)
        : this(LangdetectProfiles.Embedded, seed)
    {
    }

    internal LangdetectLanguageIdentifier(LangdetectProfiles profiles, uint seed)
    {
        _profiles = profiles;
        Seed = seed;
    }

    /// <summary>One shared identifier (the profiles load once, on first use).</summary>
    public static LangdetectLanguageIdentifier Default => LazyDefault.Value;

    /// <summary>The seed of Python's generator at the start of every detection.</summary>
    public uint Seed { get; }

    /// <summary>The language codes the profiles cover, in the order probabilities are reported.</summary>
    public IReadOnlyList<string> Languages => _profiles.Languages;

    public string? Detect(string text)
    {
        var probabilities = Probabilities(text);
        if (probabilities is null)
            return null;
        int best = -1;
        for (int i = 0; i < probabilities.Length; i++)
        {
            // Strictly greater: on a tie the earlier language wins, as in langdetect's stable sort.
            if (probabilities[i] > ProbabilityThreshold && (best < 0 || probabilities[i] > probabilities[best]))
                best = i;
        }
        return best < 0 ? Unknown : _profiles.Languages[best];
    }

    /// <summary>
    /// The averaged probability of every language (<see cref="Languages"/> order), or null where langdetect raises
    /// "No features in text" (no n-gram of the text is in any profile, e.g. a text without letters).
    /// </summary>
    public double[]? Probabilities(string text)
    {
        var ngrams = ExtractNGrams(LangdetectText.Prepare(text));
        if (ngrams.Count == 0)
            return null;

        int languages = _profiles.Languages.Length;
        double[] table = _profiles.Probabilities;
        var result = new double[languages];
        var prob = new double[languages];
        var random = new PythonRandom(Seed);
        for (int trial = 0; trial < Trials; trial++)
        {
            Array.Fill(prob, 1.0 / languages);
            double alpha = AlphaDefault + random.Gauss() * AlphaWidth;
            double weight = alpha / BaseFrequency;
            for (int i = 0; ; i++)
            {
                int row = ngrams[random.Below(ngrams.Count)] * languages;
                for (int j = 0; j < languages; j++)
                    prob[j] *= weight + table[row + j];
                if (i % 5 == 0 && (NormaliseAndMax(prob) > ConvergenceThreshold || i >= IterationLimit))
                    break;
            }
            for (int j = 0; j < languages; j++)
                result[j] += prob[j] / Trials;
        }
        return result;
    }

    /// <summary>Divides by the sum (added left to right, as CPython 3.11's <c>sum</c> does) and returns the largest value.</summary>
    private static double NormaliseAndMax(double[] prob)
    {
        double sum = 0;
        foreach (double p in prob)
            sum += p;
        double max = 0;
        for (int i = 0; i < prob.Length; i++)
        {
            double p = prob[i] / sum;
            if (max < p)
                max = p;
            prob[i] = p;
        }
        return max;
    }

    /// <summary>
    /// langdetect's n-gram window: the last up to three normalised characters since the last space; no n-grams while
    /// inside a word of consecutive capitals; a lone space is not an n-gram. Returns profile rows, duplicates kept.
    /// </summary>
    private List<int> ExtractNGrams(List<int> text)
    {
        var rows = new List<int>(text.Count * 2);
        Span<int> grams = stackalloc int[3];
        Span<char> key = stackalloc char[6];
        int length = 1;
        grams[0] = ' ';
        bool capitalWord = false;
        foreach (int raw in text)
        {
            int ch = LangdetectText.Normalize(raw);
            int last = grams[length - 1];
            if (last == ' ')
            {
                grams[0] = ' ';
                length = 1;
                capitalWord = false;
                if (ch == ' ')
                    continue;
            }
            else if (length >= 3)
            {
                grams[0] = grams[1];
                grams[1] = grams[2];
                length = 2;
            }
            grams[length++] = ch;
            if (LangdetectText.IsUpper(ch))
            {
                if (LangdetectText.IsUpper(last))
                    capitalWord = true;
            }
            else
            {
                capitalWord = false;
            }
            if (capitalWord)
                continue;

            for (int n = 1; n <= 3 && n <= length; n++)
            {
                if (n == 1 && grams[length - 1] == ' ')
                    continue;
                int chars = 0;
                for (int k = length - n; k < length; k++)
                    chars += new Rune(grams[k]).EncodeToUtf16(key[chars..]);
                if (_profiles.TryGetRow(key[..chars], out int row))
                    rows.Add(row);
            }
        }
        return rows;
    }
}
