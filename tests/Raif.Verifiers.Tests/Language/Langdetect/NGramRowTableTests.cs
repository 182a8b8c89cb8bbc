using Raif.Verifiers.Language.Langdetect;

namespace Raif.Verifiers.Tests.Language.Langdetect;

public class NGramRowTableTests
{
    [Fact]
    public void Every_key_finds_its_row_and_absent_keys_find_none()
    {
        // Consecutive keys and keys that differ only in high bits (packed first code points) probe the same slots.
        var rows = new Dictionary<ulong, int>();
        for (ulong k = 1; k <= 5_000; k++)
            rows[k] = (int)k * 56;
        for (ulong k = 1; k <= 1_000; k++)
            rows[(k << 42) | 'a'] = -(int)k;
        var table = new NGramRowTable(rows);

        Assert.Equal(6_000, table.Count);
        foreach (var (key, row) in rows)
        {
            Assert.True(table.TryGetValue(key, out int found), $"key {key}");
            Assert.Equal(row, found);
        }
        Assert.False(table.TryGetValue(5_001, out _));
        Assert.False(table.TryGetValue((1_001UL << 42) | 'a', out _));
        Assert.False(table.TryGetValue(ulong.MaxValue, out _));
    }

    [Fact]
    public void Key_zero_is_rejected_because_it_marks_empty_slots()
    {
        Assert.Throws<ArgumentException>(() => new NGramRowTable(new Dictionary<ulong, int> { [0] = 1 }));
    }

    [Fact]
    public void Packed_keys_distinguish_order_and_length()
    {
        ulong a = LangdetectProfiles.Key('a'), b = LangdetectProfiles.Key('b');
        ulong ab = LangdetectProfiles.Extend('a', b, 1), ba = LangdetectProfiles.Extend('b', a, 1);
        ulong spaceAb = LangdetectProfiles.Extend(' ', ab, 2);
        Assert.Equal(5, new HashSet<ulong> { a, b, ab, ba, spaceAb }.Count);
        // 'a' = 0x61, 'b' = 0x62, ' ' = 0x20; 21 bits per code point, the first one highest.
        Assert.Equal((0x61UL << 21) | 0x62UL, ab);
        Assert.Equal((0x20UL << 42) | (0x61UL << 21) | 0x62UL, spaceAb);
    }
}
