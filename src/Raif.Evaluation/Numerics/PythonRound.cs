using System.Globalization;
using System.Numerics;

namespace Raif.Evaluation.Numerics;

/// <summary>
/// Python's <c>round(x, ndigits)</c> for floats: the exact binary value rounded half-to-even at the decimal place,
/// then the nearest double. <c>Math.Round</c> scales by a power of ten first, which can move a value across a
/// midpoint; official scripts round per item and per score, so the two must agree to the last bit.
/// </summary>
public static class PythonRound
{
    public static double Round(double value, int digits)
    {
        if (!double.IsFinite(value) || value == 0)
            return value;
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
            exponent = 1;
        else
            mantissa |= 1L << 52;
        exponent -= 1075;
        // |value| * 10^digits = numerator / denominator exactly.
        BigInteger numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        BigInteger denominator = BigInteger.One;
        if (exponent >= 0)
            numerator <<= exponent;
        else
            denominator <<= -exponent;
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
            quotient += 1;
        double rounded = double.Parse($"{quotient}E-{digits}", NumberStyles.Float, CultureInfo.InvariantCulture);
        return negative ? -rounded : rounded;
    }
}
