using System.Globalization;

namespace Raif.Rewards.Maths;

/// <summary>
/// English number phrases ("twelve", "two hundred and five", "forty-two") as digits. Only a phrase made entirely
/// of number words is converted; text that merely contains one is left alone.
/// </summary>
internal static class NumberWords
{
    private static readonly Dictionary<string, long> Small = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17,
        ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    private static readonly Dictionary<string, long> Scales = new(StringComparer.Ordinal)
    {
        ["thousand"] = 1_000, ["million"] = 1_000_000, ["billion"] = 1_000_000_000,
    };

    /// <summary>The phrase as a decimal integer, or <c>null</c> when it is not purely a number phrase.</summary>
    public static string? TryConvert(string text)
    {
        var words = text.ToLowerInvariant().Replace('-', ' ')
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return null;
        long total = 0, current = 0;
        bool any = false;
        foreach (var word in words)
        {
            if (word == "and" && any)
                continue;
            if (Small.TryGetValue(word, out long small))
                current += small;
            else if (word == "hundred" && any)
                current = (current == 0 ? 1 : current) * 100;
            else if (Scales.TryGetValue(word, out long scale) && any)
            {
                total += (current == 0 ? 1 : current) * scale;
                current = 0;
            }
            else
                return null;
            any = true;
        }
        return (total + current).ToString(CultureInfo.InvariantCulture);
    }
}
