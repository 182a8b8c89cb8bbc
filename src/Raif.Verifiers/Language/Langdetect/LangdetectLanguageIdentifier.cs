using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    private readonly PythonRandom _seeded;

    /// <summary>Each thread's generator, put back into the seeded state at the start of every detection.</summary>
    [ThreadStatic]
    private static PythonRandom? t_random;

    /// <summary>Seeded with 0 on the embedded profiles.</summary>
    public LangdetectLanguageIdentifier(uint seed = 0)
        : this(LangdetectProfiles.Embedded, seed)
    {
    }

    internal LangdetectLanguageIdentifier(LangdetectProfiles profiles, uint seed)
    {
        _profiles = profiles;
        Seed = seed;
        _seeded = new PythonRandom(seed);
    }

    /// <summary>One shared identifier (the profiles load once, on first use).</summary>
    public static LangdetectLanguageIdentifier Default => LazyDefault.Value;

    /// <summary>The seed of Python's generator at the start of every detection.</summary>
    public uint Seed { get; }

    /// <summary>The language codes the profiles cover, in the order probabilities are reported.</summary>
    public IReadOnlyList<string> Languages => _profiles.Languages;

    public string? Detect(string text)
    {
        Span<double> probabilities = stackalloc double[_profiles.RowStride];
        if (!TryDetect(text, probabilities))
            return null;
        int best = -1;
        for (int i = 0; i < _profiles.Languages.Length; i++)
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
        Span<double> probabilities = stackalloc double[_profiles.RowStride];
        return TryDetect(text, probabilities) ? probabilities[.._profiles.Languages.Length].ToArray() : null;
    }

    /// <summary>
    /// Writes the averaged probabilities to <paramref name="result"/> (<see cref="LangdetectProfiles.RowStride"/>
    /// values, the padding left 0); false where the text has no known n-gram. Allocates nothing once warm: the text's
    /// code points and n-gram rows live in pooled arrays, the probabilities on the stack.
    /// </summary>
    private bool TryDetect(string text, Span<double> result)
    {
        int length = LangdetectText.Prepare(text, out int[] codePoints);
        int[] rows = ArrayPool<int>.Shared.Rent(Math.Max(1, 3 * length));
        try
        {
            int count = ExtractNGrams(codePoints.AsSpan(0, length), rows);
            if (count == 0)
                return false;
            var random = t_random ??= new PythonRandom(_seeded);
            random.CopyFrom(_seeded);
            Estimate(rows.AsSpan(0, count), random, result);
            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<int>.Shared.Return(codePoints);
        }
    }

    /// <summary>
    /// langdetect's <c>_detect_block</c> after the n-grams are known. Every value is computed with the operations
    /// and in the order Python uses (no fused multiply-add); only element-wise steps run as SIMD vectors, which gives
    /// each element the same rounding, while the sum in <see cref="NormaliseAndMax"/> stays sequential.
    /// </summary>
    private void Estimate(ReadOnlySpan<int> rows, PythonRandom random, Span<double> result)
    {
        int languages = _profiles.Languages.Length;
        int stride = _profiles.RowStride;
        ref double table = ref MemoryMarshal.GetArrayDataReference(_profiles.Probabilities);
        Span<double> probSpan = stackalloc double[stride];
        ref double prob = ref MemoryMarshal.GetReference(probSpan);
        result.Clear();
        for (int trial = 0; trial < Trials; trial++)
        {
            probSpan[..languages].Fill(1.0 / languages);
            probSpan[languages..].Clear();
            double alpha = AlphaDefault + random.Gauss() * AlphaWidth;
            var weight = new Vector<double>(alpha / BaseFrequency);
            for (int i = 0; ; i++)
            {
                // Row offsets come from the table's own index, and every row is stride values long.
                ref double row = ref Unsafe.Add(ref table, rows[random.Below(rows.Length)]);
                // prob[j] *= weight + row[j]; padding stays 0.
                for (int j = 0; j < stride; j += Vector<double>.Count)
                {
                    var p = Vector.LoadUnsafe(ref prob, (nuint)j);
                    (p * (weight + Vector.LoadUnsafe(ref row, (nuint)j))).StoreUnsafe(ref prob, (nuint)j);
                }
                if (i % 5 == 0 && (NormaliseAndMax(ref prob, languages, stride) > ConvergenceThreshold || i >= IterationLimit))
                    break;
            }
            for (int j = 0; j < languages; j++)
                result[j] += probSpan[j] / Trials;
        }
    }

    /// <summary>Divides by the sum (added left to right, as CPython 3.11's <c>sum</c> does) and returns the largest
    /// value. The padding after <paramref name="languages"/> is 0 and stays 0.</summary>
    private static double NormaliseAndMax(ref double prob, int languages, int stride)
    {
        double sum = 0;
        for (int j = 0; j < languages; j++)
            sum += Unsafe.Add(ref prob, j);
        var divisor = new Vector<double>(sum);
        var max = Vector<double>.Zero;
        for (int j = 0; j < stride; j += Vector<double>.Count)
        {
            var p = Vector.LoadUnsafe(ref prob, (nuint)j) / divisor;
            max = Vector.Max(max, p);
            p.StoreUnsafe(ref prob, (nuint)j);
        }
        double largest = 0;
        for (int j = 0; j < Vector<double>.Count; j++)
            largest = Math.Max(largest, max[j]);
        return largest;
    }

    /// <summary>
    /// langdetect's n-gram window: the last up to three normalised characters since the last space; no n-grams while
    /// inside a word of consecutive capitals; a lone space is not an n-gram. Writes the row offsets of the n-grams some
    /// profile knows to <paramref name="rows"/> (at most three per character), duplicates kept; returns how many.
    /// </summary>
    private int ExtractNGrams(ReadOnlySpan<int> text, Span<int> rows)
    {
        int count = 0;
        // The window, newest last: g1 is the last character, g2 the one before, g3 the one before that.
        int g1 = ' ', g2 = 0, g3 = 0;
        int length = 1;
        bool capitalWord = false;
        foreach (int raw in text)
        {
            int ch = LangdetectText.Normalize(raw);
            int last = g1;
            if (last == ' ')
            {
                length = 1;
                capitalWord = false;
                if (ch == ' ')
                    continue;
            }
            else if (length >= 3)
            {
                length = 2;
            }
            g3 = g2;
            g2 = g1;
            g1 = ch;
            length++;
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

            ulong key = LangdetectProfiles.Key(ch);
            if (ch != ' ' && _profiles.TryGetRow(key, out int row))
                rows[count++] = row;
            if (length >= 2)
            {
                key = LangdetectProfiles.Extend(g2, key, 1);
                if (_profiles.TryGetRow(key, out row))
                    rows[count++] = row;
                if (length >= 3 && _profiles.TryGetRow(LangdetectProfiles.Extend(g3, key, 2), out row))
                    rows[count++] = row;
            }
        }
        return count;
    }
}
