using System.Text.Json;
using Raif.Data.Resources;

namespace Raif.Data.Checklist;

/// <summary>
/// A one-shot example for checklist evolution (spec §3.3): a complex instruction, the sub-instructions it is made
/// of, and the YES/NO scoring questions that check a response; its composition (and, chain, selection, nested)
/// becomes the tag of every record evolved from it. Examples are JSON files a user can replace
/// (<c>--examples DIR</c>); Raif ships its own (Resources/checklist-examples).
/// </summary>
public sealed record ChecklistExample(
    string Name, string Language, string Composition, string Instruction,
    IReadOnlyList<string> SubInstructions, IReadOnlyList<string> ScoringQuestions)
{
    public static readonly IReadOnlyList<string> Compositions = ["and", "chain", "selection", "nested"];

    private const string ResourcePrefix = "Raif.Data.checklist-examples.";

    private static readonly Lazy<IReadOnlyList<ChecklistExample>> Shipped = new(LoadBuiltin);

    /// <summary>The examples shipped with Raif, by name.</summary>
    public static IReadOnlyList<ChecklistExample> Builtin => Shipped.Value;

    /// <summary>Every <c>*.json</c> file of <paramref name="folder"/>, by file name; an error names the file and field.</summary>
    public static IReadOnlyList<ChecklistExample> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"checklist examples: folder {folder} does not exist");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"checklist examples: {folder} holds no *.json example");
        return [.. files.Select(f => Parse(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f), f))];
    }

    /// <summary>Reads one example; <paramref name="source"/> names it in errors.</summary>
    public static ChecklistExample Parse(string name, string json, string source)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: expected a JSON object");
        string Text(string field)
        {
            if (!root.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Trim().Length == 0)
                throw new InvalidDataException($"{source}: field \"{field}\" must be a non-empty string");
            return v.GetString()!.Trim();
        }
        string[] List(string field)
        {
            if (!root.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0
                || v.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String || i.GetString()!.Trim().Length == 0))
                throw new InvalidDataException($"{source}: field \"{field}\" must be a non-empty list of non-empty strings");
            return [.. v.EnumerateArray().Select(i => i.GetString()!.Trim())];
        }
        string composition = Text("composition").ToLowerInvariant();
        if (!Compositions.Contains(composition))
            throw new InvalidDataException($"{source}: field \"composition\" must be one of {string.Join(", ", Compositions)}, found \"{composition}\"");
        var questions = List("scoring_questions");
        foreach (var q in questions)
        {
            if (YesNoQuestion.Problem(q) is { } problem)
                throw new InvalidDataException($"{source}: field \"scoring_questions\": {problem}");
        }
        return new ChecklistExample(name, Text("language"), composition, Text("instruction"), List("sub_instructions"), questions);
    }

    private static IReadOnlyList<ChecklistExample> LoadBuiltin()
    {
        var assembly = typeof(ChecklistExample).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                string file = n[ResourcePrefix.Length..];
                return Parse(Path.GetFileNameWithoutExtension(file), DataResources.ReadText("checklist-examples." + file), "built-in example " + file);
            })];
    }
}
