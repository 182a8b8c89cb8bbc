namespace Raif.Evaluation.Numerics;

/// <summary>A Python number as a scoring script holds it: its value and whether it is an <c>int</c> (or bool) rather than a float.</summary>
public readonly record struct PyNumber(double Value, bool IsInt)
{
    public static PyNumber Int(long value) => new(value, true);

    public static PyNumber Float(double value) => new(value, false);
}

/// <summary>
/// CPython 3.12's built-in <c>sum()</c> with the default start 0: integers are summed exactly until the first float;
/// from then on floats are added with Neumaier's compensated summation and integers plainly, and the compensation is
/// added at the end. FB-Bench's published tables were computed this way (a plain running sum rounds 0.58125 and
/// 0.69375 the other way in two of its per-task cells).
/// </summary>
public static class PythonSum
{
    public static PyNumber Sum(IEnumerable<PyNumber> items)
    {
        long integer = 0;
        bool inFloat = false;
        double f = 0;
        double c = 0;
        foreach (var item in items)
        {
            if (!inFloat)
            {
                if (item.IsInt)
                {
                    integer += (long)item.Value;
                    continue;
                }
                f = integer + item.Value;
                inFloat = true;
                continue;
            }
            if (item.IsInt)
            {
                f += item.Value;
                continue;
            }
            double x = item.Value;
            double t = f + x;
            if (Math.Abs(f) >= Math.Abs(x))
                c += (f - t) + x;
            else
                c += (x - t) + f;
            f = t;
        }
        if (!inFloat)
            return PyNumber.Int(integer);
        if (c != 0 && double.IsFinite(c))
            f += c;
        return PyNumber.Float(f);
    }
}
