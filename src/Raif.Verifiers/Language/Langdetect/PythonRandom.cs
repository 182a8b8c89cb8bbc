namespace Raif.Verifiers.Language.Langdetect;

/// <summary>
/// The parts of CPython's <c>random.Random</c> that langdetect uses — <c>seed(int)</c>, <c>random()</c>,
/// <c>gauss()</c> and <c>choice()</c> — on the same Mersenne Twister (MT19937) with the same seeding, so that a
/// detection seeded like <c>DetectorFactory.seed = 0</c> draws exactly the n-grams and smoothing that Python draws.
/// Written here because <see cref="System.Random"/> is a different generator and no served package reproduces
/// Python's streams.
/// </summary>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7fffffffu;

    private readonly uint[] _state = new uint[N];
    private int _index;
    private double? _gaussNext;

    /// <summary>As <c>random.Random(seed)</c> for a non-negative seed below 2^32.</summary>
    public PythonRandom(uint seed)
    {
        // CPython turns the seed's absolute value into 32-bit words (one word for 0) and calls init_by_array.
        InitByArray([seed]);
    }

    /// <summary>A generator in the state of <paramref name="template"/> (cheaper than seeding again).</summary>
    public PythonRandom(PythonRandom template)
    {
        CopyFrom(template);
    }

    /// <summary>Puts this generator in the state of <paramref name="template"/>: the same numbers follow.</summary>
    public void CopyFrom(PythonRandom template)
    {
        template._state.CopyTo(_state, 0);
        _index = template._index;
        _gaussNext = template._gaussNext;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (_index = 1; _index < N; _index++)
            _state[_index] = 1812433253u * (_state[_index - 1] ^ (_state[_index - 1] >> 30)) + (uint)_index;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
            if (j >= key.Length)
                j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }
        _state[0] = 0x80000000u;
    }

    /// <summary>The next 32-bit output (CPython's <c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                uint y = (_state[kk] & UpperMask) | (_state[kk + 1] & LowerMask);
                _state[kk] = _state[kk + M] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
            }
            for (; kk < N - 1; kk++)
            {
                uint y = (_state[kk] & UpperMask) | (_state[kk + 1] & LowerMask);
                _state[kk] = _state[kk + (M - N)] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
            }
            uint last = (_state[N - 1] & UpperMask) | (_state[0] & LowerMask);
            _state[N - 1] = _state[M - 1] ^ (last >> 1) ^ ((last & 1u) * MatrixA);
            _index = 0;
        }
        uint x = _state[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary><c>random()</c>: a double in [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>gauss(0, 1)</c>: Box–Muller, the second value of each pair kept for the next call.</summary>
    public double Gauss()
    {
        double? z = _gaussNext;
        _gaussNext = null;
        if (z is null)
        {
            double x2pi = NextDouble() * (2 * Math.PI);
            double g2rad = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
            z = Math.Cos(x2pi) * g2rad;
            _gaussNext = Math.Sin(x2pi) * g2rad;
        }
        return z.Value;
    }

    /// <summary>The index <c>choice(seq)</c> picks for a sequence of <paramref name="count"/> items
    /// (<c>_randbelow</c>: rejection sampling on the bit length of the count).</summary>
    public int Below(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)count);
        uint r = NextUInt32() >> (32 - bits);
        while (r >= (uint)count)
            r = NextUInt32() >> (32 - bits);
        return (int)r;
    }
}
