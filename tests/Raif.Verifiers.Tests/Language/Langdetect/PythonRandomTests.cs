using Raif.Verifiers.Language.Langdetect;

namespace Raif.Verifiers.Tests.Language.Langdetect;

/// <summary>
/// Expected values printed by CPython 3.11.2 (/usr/bin/python3 on Debian 12), e.g.
/// <c>r = random.Random(0); [r.random() for _ in range(3)]</c>; each test names its expression.
/// </summary>
public class PythonRandomTests
{
    [Fact]
    public void Raw_words_match_getrandbits_32()
    {
        // [r.getrandbits(32) for _ in range(3)]
        var r = new PythonRandom(0);
        Assert.Equal([3626764237u, 1654615998u, 3255389356u], new[] { r.NextUInt32(), r.NextUInt32(), r.NextUInt32() });
    }

    [Fact]
    public void Doubles_match_random()
    {
        // [r.random() for _ in range(3)], and random.Random(12345).random()
        var r = new PythonRandom(0);
        Assert.Equal([0.8444218515250481, 0.7579544029403025, 0.420571580830845], new[] { r.NextDouble(), r.NextDouble(), r.NextDouble() });
        Assert.Equal(0.41661987254534116, new PythonRandom(12345).NextDouble());
    }

    [Fact]
    public void Gaussians_match_gauss_including_the_cached_second_value()
    {
        // [r.gauss(0.0, 1.0) for _ in range(3)]
        var r = new PythonRandom(0);
        Assert.Equal([0.9417154046806644, -1.3965781047011498, -0.6797144480784211], new[] { r.Gauss(), r.Gauss(), r.Gauss() });
    }

    [Fact]
    public void Choices_match_choice_with_rejection_sampling()
    {
        // [r.choice(range(1000)) for _ in range(5)], then [r.choice(range(7)) for _ in range(5)] on the same generator
        var r = new PythonRandom(0);
        Assert.Equal([864, 394, 776, 911, 430], Enumerable.Range(0, 5).Select(_ => r.Below(1000)).ToArray());
        Assert.Equal([0, 2, 4, 3, 3], Enumerable.Range(0, 5).Select(_ => r.Below(7)).ToArray());
    }
}
