using System.Text;
using System.Text.Json;
using Raif.Data.Resources;
using Raif.Data.Seeds;

namespace Raif.Data.Evolution;

/// <summary>
/// Words a constraint in the seed's language, from Resources/constraint-descriptions.json: the template of its id
/// with every {argument} replaced (lists as quoted words, relations and language codes translated).
/// </summary>
public sealed class ConstraintDescriber
{
    private readonly Dictionary<string, Dictionary<string, string>> _templates = [];
    private readonly Dictionary<string, Dictionary<string, string>> _relations = [];
    private readonly Dictionary<string, Dictionary<string, string>> _languages = [];
    private readonly Dictionary<string, string> _separators = [];
    private readonly Dictionary<string, (string Open, string Close)> _quotes = [];

    public static ConstraintDescriber Default { get; } = new();

    private ConstraintDescriber()
    {
        using var doc = DataResources.ReadJson("constraint-descriptions.json");
        var root = doc.RootElement;
        foreach (var language in new[] { Seed.English, Seed.Chinese })
        {
            _templates[language] = Strings(root.GetProperty("descriptions").GetProperty(language));
            _relations[language] = Strings(root.GetProperty("relations").GetProperty(language));
            _languages[language] = Strings(root.GetProperty("languages").GetProperty(language));
            _separators[language] = root.GetProperty("list_separator").GetProperty(language).GetString()!;
            var quote = root.GetProperty("quote").GetProperty(language);
            _quotes[language] = (quote[0].GetString()!, quote[1].GetString()!);
        }
    }

    /// <summary>The constraint's description in <paramref name="language"/> ("en" or "zh").</summary>
    public string Describe(Constraint constraint, string language)
    {
        if (!_templates.TryGetValue(language, out var templates))
            throw new ArgumentException($"no constraint wording for language '{language}'", nameof(language));
        if (!templates.TryGetValue(constraint.Id, out var template))
            throw new ArgumentException($"no {language} wording for constraint '{constraint.Id}'", nameof(constraint));
        var (open, close) = _quotes[language];
        var text = new StringBuilder(template);
        foreach (var (name, value) in constraint.Args)
        {
            string rendered = name switch
            {
                "relation" or "let_relation" or "capital_relation" => _relations[language][(string)value],
                "language" => _languages[language][(string)value],
                "section_spliter" or "postscript_marker" => (string)value,
                _ => value switch
                {
                    long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    string[] list => string.Join(_separators[language], list.Select(w => open + w + close)),
                    string s => open + s + close,
                    _ => throw new InvalidOperationException($"{constraint.Id}: argument {name} cannot be worded"),
                },
            };
            text.Replace("{" + name + "}", rendered);
        }
        string result = text.ToString();
        if (result.Contains('{') && result.IndexOf('}') > result.IndexOf('{'))
            throw new InvalidOperationException($"{constraint.Id}: template placeholder left unfilled in \"{result}\"");
        return result;
    }

    private static Dictionary<string, string> Strings(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
}
