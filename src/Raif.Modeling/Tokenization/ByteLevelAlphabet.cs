namespace Raif.Modeling.Tokenization;

/// <summary>
/// GPT-2's byte-to-character table used by byte-level BPE: printable Latin-1 bytes map to themselves and the other
/// 68 bytes to U+0100 onwards, so every byte sequence is a string of visible characters ("Ġ" is the space).
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();

    public static readonly Dictionary<char, byte> CharToByte =
        ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    private static char[] Build()
    {
        var map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + next++);
        }
        return map;
    }
}
