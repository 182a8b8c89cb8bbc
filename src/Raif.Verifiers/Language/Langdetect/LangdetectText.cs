using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Raif.Core.Text;

namespace Raif.Verifiers.Language.Langdetect;

/// <summary>
/// langdetect's text preparation, on code points as Python's <c>str</c> sees them: URLs and e-mail addresses become
/// spaces, Vietnamese letter + combining mark pairs are composed, the text is cut to 10,000 code points with runs
/// of spaces collapsed, Latin letters are dropped from mostly non-Latin text, and each character is normalised
/// (punctuation to space, Kana, Hangul and Bopomofo to one representative each, Kanji to its class representative).
/// </summary>
internal static partial class LangdetectText
{
    /// <summary>langdetect's <c>max_text_length</c>.</summary>
    public const int MaxLength = 10_000;

    [GeneratedRegex("https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}")]
    private static partial Regex Url();

    [GeneratedRegex("[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")]
    private static partial Regex Mail();

    private static readonly Lazy<Tables> LazyTables = new(LoadTables);

    /// <summary>
    /// The code points the detector reads n-grams from (before per-character normalisation), written to the start of
    /// <paramref name="buffer"/>, which is rented from <see cref="ArrayPool{T}.Shared"/> for the caller to return.
    /// Returns how many there are.
    /// </summary>
    public static int Prepare(string text, out int[] buffer)
    {
        // Both patterns need these literals; skipping a search that cannot match leaves the text as it was.
        if (text.Contains("http", StringComparison.Ordinal))
            text = Url().Replace(text, " ");
        if (text.Contains('@'))
            text = Mail().Replace(text, " ");
        buffer = ArrayPool<int>.Shared.Rent(Math.Min(text.Length, MaxLength + 1));
        int count = Math.Min(ComposeVietnamese(text, buffer), MaxLength);
        int kept = 0;
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            int ch = buffer[i];
            if (ch != ' ' || previous != ' ')
                buffer[kept++] = ch;
            previous = ch;
        }
        return DropLatinFromNonLatin(buffer.AsSpan(0, kept));
    }

    /// <summary>
    /// langdetect's <c>cleaning_text</c>, in place; returns the new length. Its intended exception for the Latin
    /// Extended Additional block compares a block number with a name and never holds, so every code point from U+0300
    /// up counts as non-Latin; kept as is.
    /// </summary>
    private static int DropLatinFromNonLatin(Span<int> text)
    {
        int latin = 0, nonLatin = 0;
        foreach (int ch in text)
        {
            if (ch is >= 'A' and <= 'z')
                latin++;
            else if (ch >= 0x300)
                nonLatin++;
        }
        if (latin * 2 >= nonLatin)
            return text.Length;
        int kept = 0;
        foreach (int ch in text)
        {
            if (ch < 'A' || ch > 'z')
                text[kept++] = ch;
        }
        return kept;
    }

    /// <summary>
    /// <c>NGram.normalize_vi</c>: a base letter followed by one of five combining marks becomes the precomposed letter
    /// (left to right, non-overlapping, as <c>re.sub</c> does). Writes the code points to <paramref name="result"/> and
    /// stops once it holds <see cref="MaxLength"/> + 1 of them: the first <see cref="MaxLength"/> are final then,
    /// and the detector reads no further.
    /// </summary>
    private static int ComposeVietnamese(string text, int[] result)
    {
        var tables = LazyTables.Value;
        int count = 0;
        bool lastComposed = false; // a composed letter was a match already and cannot start another one
        foreach (var rune in text.EnumerateRunes())
        {
            int ch = rune.Value;
            int mark, letter;
            // The five marks lie between U+0300 and U+0323; the range test spares the search for other characters.
            if (ch is >= 0x300 and <= 0x323 && !lastComposed && count > 0
                && (mark = Array.IndexOf(tables.VietnameseMarks, ch)) >= 0
                && (letter = Array.IndexOf(tables.VietnameseLetters, result[count - 1])) >= 0)
            {
                result[count - 1] = tables.VietnameseComposed[mark][letter];
                lastComposed = true;
            }
            else
            {
                if (count > MaxLength)
                    break;
                result[count++] = ch;
                lastComposed = false;
            }
        }
        return count;
    }

    /// <summary><c>NGram.normalize</c> for one code point.</summary>
    public static int Normalize(int ch)
    {
        switch (ch)
        {
            case <= 0x7F:
                return ch < 'A' || (ch > 'Z' && ch < 'a') || ch > 'z' ? ' ' : ch;
            case <= 0xFF:
                return ch is 0xA0 or 0xAB or 0xB0 or 0xBB ? ' ' : ch; // NGram.LATIN1_EXCLUDE
            case >= 0x180 and <= 0x24F: // Latin Extended-B: Romanian comma-below letters to cedilla
                return ch == 0x219 ? 0x15F : ch == 0x21B ? 0x163 : ch;
            case >= 0x600 and <= 0x6FF: // Arabic: Farsi yeh to Arabic yeh
                return ch == 0x6CC ? 0x64A : ch;
            case >= 0x1E00 and <= 0x1EFF: // Latin Extended Additional
                return ch >= 0x1EA0 ? 0x1EC3 : ch;
            case >= 0x2000 and <= 0x206F: // General Punctuation
                return ' ';
            case >= 0x3040 and <= 0x309F: // Hiragana
                return 0x3042;
            case >= 0x30A0 and <= 0x30FF: // Katakana
                return 0x30A2;
            case (>= 0x3100 and <= 0x312F) or (>= 0x31A0 and <= 0x31BF): // Bopomofo (Extended)
                return 0x3105;
            case >= 0x4E00 and <= 0x9FFF: // CJK Unified Ideographs: the representative of the Kanji class
                return LazyTables.Value.KanjiClass.TryGetValue(ch, out int representative) ? representative : ch;
            case >= 0xAC00 and <= 0xD7AF: // Hangul Syllables
                return 0xAC00;
            default:
                return ch;
        }
    }

    /// <summary>Python's <c>ch.isupper()</c> for one code point.</summary>
    public static bool IsUpper(int ch) => ch < 0x80 ? ch is >= 'A' and <= 'Z' : PyUnicode.IsUppercase(new Rune(ch));

    private sealed record Tables(int[] VietnameseLetters, int[] VietnameseMarks, int[][] VietnameseComposed, Dictionary<int, int> KanjiClass);

    private static Tables LoadTables()
    {
        var messages = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var kanjiClasses = new List<List<int>>();
        foreach (var line in LangdetectProfiles.ReadEmbeddedText("messages.properties").Split('\n'))
        {
            int eq = line.IndexOf('=');
            if (eq < 0)
                continue;
            string key = line[..eq].Trim();
            var value = Unescape(line[(eq + 1)..].Trim());
            messages[key] = value;
            if (key.StartsWith("NGram.KANJI_", StringComparison.Ordinal))
                kanjiClasses.Add(value);
        }
        var kanji = new Dictionary<int, int>();
        foreach (var members in kanjiClasses)
        {
            foreach (int ch in members)
                kanji[ch] = members[0];
        }
        List<int> Get(string key) => messages.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"langdetect messages.properties: missing key '{key}'");
        var marks = Get("DMARK_CLASS").ToArray();
        if (marks.Any(m => m is < 0x300 or > 0x323))
            throw new InvalidDataException("langdetect messages.properties: DMARK_CLASS holds a mark outside U+0300..U+0323");
        return new Tables(
            Get("TO_NORMALIZE_VI_CHARS").ToArray(),
            marks,
            new[] { "0300", "0301", "0303", "0309", "0323" }.Select(m => Get("NORMALIZED_VI_CHARS_" + m).ToArray()).ToArray(),
            kanji);
    }

    /// <summary>A properties value: plain ASCII and <c>\uXXXX</c> escapes, as code points.</summary>
    private static List<int> Unescape(string value)
    {
        var result = new List<int>(value.Length / 6 + 1);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 5 < value.Length && value[i + 1] == 'u')
            {
                result.Add(Convert.ToInt32(value.Substring(i + 2, 4), 16));
                i += 5;
            }
            else
            {
                result.Add(value[i]);
            }
        }
        return result;
    }
}
