using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Raif.Verifiers.IfBench;

/// <summary>
/// <c>emoji.is_emoji(ch)</c> for one character, as IFBench calls it: whether the code point on its own is a key of
/// the <c>emoji</c> package's EMOJI_DATA (emoji 2.14.1, Unicode 16.0; fully-qualified, unqualified and component
/// entries alike). The 1,393 such code points are embedded (IfBench/Data/README.md says how they were derived).
/// </summary>
internal static class EmojiCodePoints
{
    private static readonly Lazy<FrozenSet<int>> LazySet = new(Load);

    public static bool IsEmoji(Rune r) => LazySet.Value.Contains(r.Value);

    private static FrozenSet<int> Load()
    {
        const string name = "Raif.Verifiers.IfBench.emoji_single_code_points.txt";
        using var stream = typeof(EmojiCodePoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var set = new HashSet<int>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                set.Add(int.Parse(line, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        return set.ToFrozenSet();
    }
}
