using System.Globalization;
using System.Numerics;
using System.Text;

namespace Raif.Evaluation.Python;

/// <summary>Python's <c>None</c> (a JSON <c>null</c>), distinct from a missing value.</summary>
public sealed class PyNone
{
    public static readonly PyNone Value = new();

    private PyNone()
    {
    }
}

/// <summary>
/// Python's <c>json.loads</c>, giving Python-shaped values: <see cref="OrderedDictionary{TKey,TValue}"/> (a repeated key
/// keeps its first position and takes the last value), <see cref="List{T}"/>, <see cref="string"/>,
/// <see cref="BigInteger"/> (JSON integers), <see cref="double"/> (numbers with a fraction or exponent, and
/// <c>NaN</c>/<c>Infinity</c>, which Python accepts), <see cref="bool"/> and <see cref="PyNone"/>.
/// Judge parsers branch on what <c>json.loads</c> accepts, so System.Text.Json's stricter grammar would change
/// which replies count as JSON.
/// </summary>
public sealed class PyJson
{
    private readonly string _s;
    private int _i;

    private PyJson(string s) => _s = s;

    /// <summary>The parsed value, or false (with the reason) where <c>json.loads</c> raises.</summary>
    public static bool TryLoads(string text, out object? value, out string error)
    {
        var parser = new PyJson(text);
        try
        {
            parser.SkipWhiteSpace();
            value = parser.ParseValue();
            parser.SkipWhiteSpace();
            if (parser._i != text.Length)
                throw parser.Fail("Extra data");
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Python truthiness of a parsed value.</summary>
    public static bool Truthy(object? value) => value switch
    {
        null or PyNone => false,
        bool b => b,
        BigInteger n => !n.IsZero,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        OrderedDictionary<string, object?> o => o.Count > 0,
        _ => true,
    };

    private FormatException Fail(string what) => new($"{what}: line 1 column {_i + 1} (char {_i})");

    private void SkipWhiteSpace()
    {
        while (_i < _s.Length && _s[_i] is ' ' or '\t' or '\n' or '\r')
            _i++;
    }

    private object? ParseValue()
    {
        if (_i >= _s.Length)
            throw Fail("Expecting value");
        char c = _s[_i];
        switch (c)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"':
                return ParseString();
        }
        if (Match("null"))
            return PyNone.Value;
        if (Match("true"))
            return true;
        if (Match("false"))
            return false;
        if (Match("NaN"))
            return double.NaN;
        if (Match("Infinity"))
            return double.PositiveInfinity;
        if (Match("-Infinity"))
            return double.NegativeInfinity;
        return ParseNumber();
    }

    private bool Match(string literal)
    {
        if (string.CompareOrdinal(_s, _i, literal, 0, literal.Length) != 0)
            return false;
        _i += literal.Length;
        return true;
    }

    private object ParseNumber()
    {
        int start = _i;
        if (_i < _s.Length && _s[_i] == '-')
            _i++;
        if (_i < _s.Length && _s[_i] == '0')
            _i++;
        else if (_i < _s.Length && _s[_i] is >= '1' and <= '9')
            SkipDigits();
        else
        {
            _i = start;
            throw Fail("Expecting value");
        }
        bool isFloat = false;
        if (_i + 1 < _s.Length && _s[_i] == '.' && char.IsAsciiDigit(_s[_i + 1]))
        {
            _i++;
            SkipDigits();
            isFloat = true;
        }
        if (_i < _s.Length && _s[_i] is 'e' or 'E')
        {
            int mark = _i;
            _i++;
            if (_i < _s.Length && _s[_i] is '+' or '-')
                _i++;
            if (_i < _s.Length && char.IsAsciiDigit(_s[_i]))
            {
                SkipDigits();
                isFloat = true;
            }
            else
            {
                _i = mark;
            }
        }
        string token = _s[start.._i];
        return isFloat
            ? double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture)
            : BigInteger.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private void SkipDigits()
    {
        while (_i < _s.Length && char.IsAsciiDigit(_s[_i]))
            _i++;
    }

    private string ParseString()
    {
        _i++; // opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (_i >= _s.Length)
                throw Fail("Unterminated string starting at");
            char c = _s[_i++];
            if (c == '"')
                return sb.ToString();
            if (c < 0x20)
                throw Fail("Invalid control character at");
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_i >= _s.Length)
                throw Fail("Unterminated string starting at");
            char e = _s[_i++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_i + 4 > _s.Length || !int.TryParse(_s.AsSpan(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        throw Fail("Invalid \\uXXXX escape");
                    _i += 4;
                    sb.Append((char)code);
                    break;
                default:
                    throw Fail("Invalid \\escape");
            }
        }
    }

    private List<object?> ParseArray()
    {
        _i++;
        var list = new List<object?>();
        SkipWhiteSpace();
        if (_i < _s.Length && _s[_i] == ']')
        {
            _i++;
            return list;
        }
        while (true)
        {
            SkipWhiteSpace();
            list.Add(ParseValue());
            SkipWhiteSpace();
            if (_i < _s.Length && _s[_i] == ',')
            {
                _i++;
                continue;
            }
            if (_i < _s.Length && _s[_i] == ']')
            {
                _i++;
                return list;
            }
            throw Fail("Expecting ',' delimiter");
        }
    }

    private OrderedDictionary<string, object?> ParseObject()
    {
        _i++;
        var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        SkipWhiteSpace();
        if (_i < _s.Length && _s[_i] == '}')
        {
            _i++;
            return dict;
        }
        while (true)
        {
            SkipWhiteSpace();
            if (_i >= _s.Length || _s[_i] != '"')
                throw Fail("Expecting property name enclosed in double quotes");
            string key = ParseString();
            SkipWhiteSpace();
            if (_i >= _s.Length || _s[_i] != ':')
                throw Fail("Expecting ':' delimiter");
            _i++;
            SkipWhiteSpace();
            dict[key] = ParseValue();
            SkipWhiteSpace();
            if (_i < _s.Length && _s[_i] == ',')
            {
                _i++;
                continue;
            }
            if (_i < _s.Length && _s[_i] == '}')
            {
                _i++;
                return dict;
            }
            throw Fail("Expecting ',' delimiter");
        }
    }
}
