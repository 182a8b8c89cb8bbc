using System.Globalization;
using System.Text;

namespace Raif.Evaluation.Benchmarks.FollowBench;

/// <summary>
/// Evaluates a Python list display whose elements are all string literals (<c>['YES', "NO"]</c>), the only shape
/// for which FollowBench's <c>eval</c>/<c>ast.literal_eval</c> calls can succeed and be used; anything else is
/// reported as a failure, which is what those callers turn into their error path. Hand-written: a tiny grammar.
/// </summary>
public static class PythonStringList
{
    public static bool TryParse(string text, out List<string> values)
    {
        values = [];
        int i = 0;
        SkipSpace(text, ref i);
        if (i >= text.Length || text[i] != '[')
            return false;
        i++;
        while (true)
        {
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] == ']')
                break;
            if (!TryReadString(text, ref i, out string? value))
                return false;
            values.Add(value);
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }
            if (i < text.Length && text[i] == ']')
                break;
            return false;
        }
        i++;
        SkipSpace(text, ref i);
        return i == text.Length;
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && (text[i] is ' ' or '\t' or '\n' or '\r' or '\f'))
            i++;
    }

    private static bool TryReadString(string text, ref int i, out string value)
    {
        value = "";
        var sb = new StringBuilder();
        bool first = true;
        // Adjacent literals concatenate, as in Python.
        while (true)
        {
            int save = i;
            if (!first)
                SkipSpace(text, ref i);
            bool raw = false;
            if (i < text.Length && text[i] is 'r' or 'R' or 'u' or 'U')
            {
                raw = text[i] is 'r' or 'R';
                i++;
            }
            if (i >= text.Length || text[i] is not ('\'' or '"'))
            {
                i = save;
                if (first)
                    return false;
                value = sb.ToString();
                return true;
            }
            char quote = text[i++];
            while (true)
            {
                if (i >= text.Length || text[i] == '\n')
                    return false;
                char c = text[i];
                if (c == quote)
                {
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < text.Length)
                {
                    char e = text[i + 1];
                    i += 2;
                    if (raw)
                    {
                        sb.Append('\\').Append(e);
                        continue;
                    }
                    switch (e)
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case '\\' or '\'' or '"': sb.Append(e); break;
                        case 'x' when i + 2 <= text.Length && int.TryParse(text.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int x):
                            sb.Append((char)x);
                            i += 2;
                            break;
                        case 'u' when i + 4 <= text.Length && int.TryParse(text.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int u):
                            sb.Append((char)u);
                            i += 4;
                            break;
                        default: sb.Append('\\').Append(e); break; // unknown escapes stay as written
                    }
                    continue;
                }
                sb.Append(c);
                i++;
            }
            first = false;
        }
    }
}
