using System.Text.Json;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>detectable_format:json_format</c>: after removing a markdown fence, Python's <c>json.loads</c> accepts the text
/// (any top-level value, NaN/Infinity included). Official: <c>strip()</c>, then <c>removeprefix</c> of "```json",
/// "```Json", "```JSON", "```" in turn, <c>removesuffix("```")</c>, <c>strip()</c>. RAIF: the same steps with
/// <c>lstrip</c>/<c>rstrip</c>, which remove character sets, not prefixes (so "```json" strips any leading run of
/// `, j, s, o and n).
/// </summary>
internal sealed class JsonFormatChecker(IfevalVariant variant) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.JsonFormat, kwargs);
        return new JsonFormatChecker(options.Variant);
    }

    public bool Check(string response) => PyJson.IsValid(Unfence(response, variant, "json", "Json", "JSON"));

    internal static string Unfence(string response, IfevalVariant variant, params string[] languages)
    {
        string value = PyStr.Strip(response);
        if (variant == IfevalVariant.Official)
        {
            foreach (var language in languages)
                value = RemovePrefix(value, "```" + language);
            value = RemovePrefix(value, "```");
            if (value.EndsWith("```", StringComparison.Ordinal))
                value = value[..^3];
        }
        else
        {
            foreach (var language in languages)
                value = PyStr.LStrip(value, "```" + language);
            value = PyStr.LStrip(value, "```");
            value = PyStr.RStrip(value, "```");
        }
        return PyStr.Strip(value);
    }

    private static string RemovePrefix(string s, string prefix) =>
        s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;
}
