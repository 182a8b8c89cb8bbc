using System.Globalization;
using System.Text;

namespace Raif.Verifiers.Python;

/// <summary>
/// Python's <c>json.dumps</c> default text form: ", " and ": " separators and <c>ensure_ascii</c> escaping (every
/// character outside space..~ as \uXXXX, UTF-16 surrogate pairs for code points above U+FFFF). Used so that Raif's
/// IFEval result files are byte-identical to the official evaluator's when the verdicts are.
/// </summary>
public sealed class PyJsonWriter
{
    private readonly StringBuilder _sb = new();
    private bool _needComma;

    public PyJsonWriter BeginObject()
    {
        Separator();
        _sb.Append('{');
        _needComma = false;
        return this;
    }

    public PyJsonWriter EndObject()
    {
        _sb.Append('}');
        _needComma = true;
        return this;
    }

    public PyJsonWriter BeginArray()
    {
        Separator();
        _sb.Append('[');
        _needComma = false;
        return this;
    }

    public PyJsonWriter EndArray()
    {
        _sb.Append(']');
        _needComma = true;
        return this;
    }

    public PyJsonWriter Name(string name)
    {
        Separator();
        AppendString(_sb, name);
        _sb.Append(": ");
        _needComma = false;
        return this;
    }

    public PyJsonWriter Value(string value)
    {
        Separator();
        AppendString(_sb, value);
        _needComma = true;
        return this;
    }

    public PyJsonWriter Value(bool value)
    {
        Separator();
        _sb.Append(value ? "true" : "false");
        _needComma = true;
        return this;
    }

    /// <summary>A value that is already JSON text (a number, or a nested value copied from input).</summary>
    public PyJsonWriter Raw(string json)
    {
        Separator();
        _sb.Append(json);
        _needComma = true;
        return this;
    }

    public override string ToString() => _sb.ToString();

    private void Separator()
    {
        if (_needComma)
            _sb.Append(", ");
    }

    /// <summary>A JSON string literal as <c>json.dumps</c> writes it.</summary>
    public static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case >= ' ' and <= '~':
                    sb.Append(c);
                    break;
                default:
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        sb.Append('"');
    }
}
