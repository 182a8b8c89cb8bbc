using System.Text;

namespace Raif.Evaluation;

/// <summary>
/// Fills <c>{name}</c> placeholders in one pass, as Python's <c>str.format</c>/f-strings do: text substituted for one
/// placeholder is never searched again (a response containing "{criteria}" stays as written). Braces that name no
/// known placeholder are left as they are.
/// </summary>
public static class TemplateFill
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = new StringBuilder(template.Length * 2);
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            if (open < 0)
                break;
            int close = template.IndexOf('}', open + 1);
            if (close < 0)
                break;
            string name = template[(open + 1)..close];
            if (values.TryGetValue(name, out string? value))
            {
                result.Append(template, i, open - i).Append(value);
                i = close + 1;
            }
            else
            {
                result.Append(template, i, open + 1 - i);
                i = open + 1;
            }
        }
        return result.Append(template, i, template.Length - i).ToString();
    }
}
