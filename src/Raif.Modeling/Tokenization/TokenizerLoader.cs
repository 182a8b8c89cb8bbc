using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Raif.Modeling.Tokenization;

/// <summary>
/// Builds an <see cref="HfTokenizer"/> from <c>tokenizer.json</c>: model.vocab, model.merges (either
/// <c>"a b"</c> strings or <c>["a","b"]</c> pairs), added_tokens, the normalizer (NFC or none) and the
/// pre-tokenizer chain. Anything else (SentencePiece/Metaspace BPE, WordPiece, other normalizers) is an error
/// naming the unsupported part rather than a silently different tokenization.
/// </summary>
public static class TokenizerLoader
{
    /// <summary>The files copied along when a model folder is saved.</summary>
    public static readonly string[] FileNames =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja", "vocab.json", "merges.txt", "added_tokens.json"];

    // GPT-2's pattern, used by a ByteLevel pre-tokenizer with use_regex = true.
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Loads the tokenizer of a model folder (tokenizer.json required, tokenizer_config.json optional).</summary>
    public static HfTokenizer LoadFolder(string folder)
    {
        string path = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found (Raif reads HF tokenizer.json files)", path);
        return Load(path);
    }

    /// <summary>Loads <paramref name="tokenizerJsonPath"/> and the tokenizer_config.json / chat_template.jinja next to it, if any.</summary>
    public static HfTokenizer Load(string tokenizerJsonPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(tokenizerJsonPath))!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["tokenizer.json"] = File.ReadAllBytes(tokenizerJsonPath),
        };
        foreach (var name in FileNames.Skip(1))
        {
            string p = Path.Combine(folder, name);
            if (File.Exists(p))
                files[name] = File.ReadAllBytes(p);
        }
        return FromFiles(files, tokenizerJsonPath);
    }

    /// <summary>Builds a tokenizer from file contents keyed by file name (tokenizer.json required).</summary>
    public static HfTokenizer FromFiles(IReadOnlyDictionary<string, byte[]> files, string source)
    {
        var json = ParseObject(files["tokenizer.json"], source);
        JsonObject? config = files.TryGetValue("tokenizer_config.json", out var c) ? ParseObject(c, Path.Combine(Path.GetDirectoryName(source) ?? "", "tokenizer_config.json")) : null;
        string? jinja = files.TryGetValue("chat_template.jinja", out var j) ? System.Text.Encoding.UTF8.GetString(j) : null;
        return Build(json, TokenizerSettings.From(config, jinja), files, source);
    }

    private static JsonObject ParseObject(byte[] bytes, string source)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new InvalidDataException($"{source}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e);
        }
    }

    private static HfTokenizer Build(JsonObject json, TokenizerSettings settings, IReadOnlyDictionary<string, byte[]> files, string source)
    {
        if (json["model"] is not JsonObject model)
            throw new InvalidDataException($"{source}: field 'model': missing");
        string type = (string?)model["type"] ?? "BPE";
        if (type != "BPE")
            throw new InvalidDataException($"{source}: field 'model.type': '{type}' tokenizers are not supported (byte-level BPE only)");
        if (model["byte_fallback"] is JsonValue bf && bf.TryGetValue(out bool byteFallback) && byteFallback)
            throw new InvalidDataException($"{source}: field 'model.byte_fallback': SentencePiece-style BPE (byte fallback, Metaspace) is not supported; byte-level BPE only");

        var steps = new List<Regex>();
        bool byteLevel = ReadPreTokenizer(json["pre_tokenizer"], steps, source, "pre_tokenizer");
        if (!byteLevel && json["decoder"] is JsonObject dec && (string?)dec["type"] == "ByteLevel")
            byteLevel = true;
        if (!byteLevel)
            throw new InvalidDataException($"{source}: field 'pre_tokenizer': no ByteLevel step; only byte-level BPE tokenizers are supported");
        bool nfc = ReadNormalizer(json["normalizer"], source);

        if (model["vocab"] is not JsonObject vocabJson)
            throw new InvalidDataException($"{source}: field 'model.vocab': missing");
        var vocab = new Dictionary<string, int>(vocabJson.Count, StringComparer.Ordinal);
        foreach (var (token, id) in vocabJson)
            vocab[token] = id!.GetValue<int>();

        var merges = new List<string>();
        if (model["merges"] is JsonArray mergeArray)
        {
            int i = 0;
            foreach (var m in mergeArray)
            {
                merges.Add(m switch
                {
                    JsonValue v when v.TryGetValue(out string? s) => s,
                    JsonArray { Count: 2 } pair => JoinPair((string?)pair[0], (string?)pair[1], i, source),
                    _ => throw new InvalidDataException($"{source}: field 'model.merges[{i}]': expected \"a b\" or [\"a\", \"b\"]"),
                });
                i++;
            }
        }

        var added = new List<AddedToken>();
        if (json["added_tokens"] is JsonArray addedArray)
        {
            foreach (var node in addedArray.OfType<JsonObject>())
            {
                added.Add(new AddedToken(
                    node["id"]!.GetValue<int>(),
                    (string?)node["content"] ?? throw new InvalidDataException($"{source}: field 'added_tokens': an entry has no content"),
                    Flag(node, "special"),
                    Flag(node, "lstrip"),
                    Flag(node, "rstrip")));
            }
        }

        var options = new BpeOptions(vocab.Where(p => !added.Any(a => a.Id == p.Value && a.Content == p.Key)))
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new SplitPreTokenizer(steps),
        };
        var bpe = BpeTokenizer.Create(options);
        return new HfTokenizer(bpe, vocab, added, nfc, settings, files);
    }

    private static string JoinPair(string? a, string? b, int index, string source)
    {
        if (a is null || b is null || a.Contains(' ') || b.Contains(' '))
            throw new InvalidDataException($"{source}: field 'model.merges[{index}]': tokens with spaces are not supported by the byte-level BPE here");
        return a + " " + b;
    }

    private static bool Flag(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue(out bool b) && b;

    /// <summary>Collects the regex steps; returns whether a ByteLevel step was seen.</summary>
    private static bool ReadPreTokenizer(JsonNode? node, List<Regex> steps, string source, string field)
    {
        if (node is null)
            return false;
        if (node is not JsonObject o)
            throw new InvalidDataException($"{source}: field '{field}': expected an object");
        string type = (string?)o["type"] ?? "";
        switch (type)
        {
            case "Sequence":
                bool any = false;
                int i = 0;
                foreach (var child in o["pretokenizers"] as JsonArray ?? [])
                    any |= ReadPreTokenizer(child, steps, source, $"{field}.pretokenizers[{i++}]");
                return any;
            case "Split":
                string behavior = (string?)o["behavior"] ?? "Isolated";
                if (behavior != "Isolated")
                    throw new InvalidDataException($"{source}: field '{field}.behavior': '{behavior}' is not supported (Isolated only)");
                if (o["invert"] is JsonValue inv && inv.TryGetValue(out bool invert) && invert)
                    throw new InvalidDataException($"{source}: field '{field}.invert': inverted splits are not supported");
                string pattern = o["pattern"] switch
                {
                    JsonObject p when p["Regex"] is JsonValue r => r.GetValue<string>(),
                    JsonObject p when p["String"] is JsonValue s => Regex.Escape(s.GetValue<string>()),
                    _ => throw new InvalidDataException($"{source}: field '{field}.pattern': expected {{\"Regex\": ...}} or {{\"String\": ...}}"),
                };
                steps.Add(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant));
                return false;
            case "Digits":
                bool individual = o["individual_digits"] is JsonValue d && d.TryGetValue(out bool ind) && ind;
                steps.Add(new Regex(individual ? @"\p{N}" : @"\p{N}+", RegexOptions.Compiled | RegexOptions.CultureInvariant));
                return false;
            case "ByteLevel":
                if (o["add_prefix_space"] is JsonValue aps && aps.TryGetValue(out bool prefix) && prefix)
                    throw new InvalidDataException($"{source}: field '{field}.add_prefix_space': true is not supported");
                bool useRegex = o["use_regex"] is not JsonValue ur || !ur.TryGetValue(out bool u) || u;
                if (useRegex)
                    steps.Add(new Regex(Gpt2Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant));
                return true;
            default:
                throw new InvalidDataException($"{source}: field '{field}.type': pre-tokenizer '{type}' is not supported");
        }
    }

    private static bool ReadNormalizer(JsonNode? node, string source)
    {
        if (node is null)
            return false;
        string type = (string?)node["type"] ?? "";
        return type switch
        {
            "NFC" => true,
            "Sequence" when node["normalizers"] is JsonArray { Count: 0 } => false,
            "Sequence" when node["normalizers"] is JsonArray { Count: 1 } one => ReadNormalizer(one[0], source),
            _ => throw new InvalidDataException($"{source}: field 'normalizer.type': normalizer '{type}' is not supported (NFC or none)"),
        };
    }
}
