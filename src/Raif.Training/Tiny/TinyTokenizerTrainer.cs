using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Raif.Core.Jsonl;

namespace Raif.Training.Tiny;

/// <summary>
/// Trains a small byte-level BPE tokenizer on the built-in world and writes it as a HuggingFace
/// <c>tokenizer.json</c> in Qwen2's layout (same split regex, byte-level pre-tokenizer and decoder, added
/// tokens), so the tiny model loads through exactly the code path real checkpoints use. Written by hand because
/// no served .NET package trains BPE vocabularies; the algorithm is the classic one of Sennrich et al. (2016).
/// </summary>
public static partial class TinyTokenizerTrainer
{
    /// <summary>Qwen2's pre-tokenizer split pattern.</summary>
    public const string SplitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Special tokens (chat control) and added tokens (the reasoning tags, one token each).</summary>
    public static readonly IReadOnlyList<(string Content, bool Special)> AddedTokens =
    [
        ("<|endoftext|>", true), ("<|im_start|>", true), ("<|im_end|>", true),
        ("<think>", false), ("</think>", false), ("<answer>", false), ("</answer>", false),
    ];

    [GeneratedRegex(SplitPattern)]
    private static partial Regex Splitter();

    /// <summary>Learns <paramref name="merges"/> merges from <paramref name="corpus"/>; returns tokenizer.json text.</summary>
    public static string Train(IEnumerable<string> corpus, int merges)
    {
        var byteToChar = ByteToUnicode();
        var wordCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var addedPattern = new Regex(string.Join("|", AddedTokens.Select(t => Regex.Escape(t.Content))));
        foreach (var text in corpus)
        {
            foreach (var piece in addedPattern.Split(text))
            {
                foreach (Match m in Splitter().Matches(piece.Normalize(NormalizationForm.FormC)))
                {
                    string mapped = string.Concat(Encoding.UTF8.GetBytes(m.Value).Select(b => byteToChar[b]));
                    wordCounts[mapped] = wordCounts.GetValueOrDefault(mapped) + 1;
                }
            }
        }

        // Base vocabulary: the 256 byte symbols in GPT-2's order.
        var vocab = new List<string>(Enumerable.Range(0, 256).Select(b => byteToChar[b].ToString()));
        var words = wordCounts.Select(kv => (Symbols: kv.Key.Select(c => c.ToString()).ToList(), Count: kv.Value)).ToList();
        var known = new HashSet<string>(vocab, StringComparer.Ordinal);
        var mergeList = new List<(string, string)>();
        for (int m = 0; m < merges; m++)
        {
            var pairCounts = new Dictionary<(string, string), long>();
            foreach (var (symbols, count) in words)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + count;
                }
            }
            if (pairCounts.Count == 0)
                break;
            // Most frequent pair; ties broken by ordinal order so training is deterministic.
            var best = pairCounts.OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal)
                .ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal).First();
            if (best.Value < 2)
                break;
            var (left, right) = best.Key;
            mergeList.Add((left, right));
            // Different merge paths can build the same string ("ab"+"c", "a"+"bc"); it gets one id.
            if (known.Add(left + right))
                vocab.Add(left + right);
            foreach (var (symbols, _) in words)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = left + right;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }
        return Write(vocab, mergeList);
    }

    private static string Write(IReadOnlyList<string> vocab, IReadOnlyList<(string, string)> merges)
    {
        var vocabJson = new JsonObject();
        for (int i = 0; i < vocab.Count; i++)
            vocabJson[vocab[i]] = i;
        var added = new JsonArray();
        for (int i = 0; i < AddedTokens.Count; i++)
        {
            added.Add(new JsonObject
            {
                ["id"] = vocab.Count + i,
                ["content"] = AddedTokens[i].Content,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = AddedTokens[i].Special,
            });
        }
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Split",
                        ["pattern"] = new JsonObject { ["Regex"] = SplitPattern },
                        ["behavior"] = "Isolated",
                        ["invert"] = false,
                    },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["post_processor"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocabJson,
                ["merges"] = new JsonArray([.. merges.Select(m => (JsonNode?)JsonValue.Create($"{m.Item1} {m.Item2}"))]),
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JsonlWriter.Options.Encoder });
    }

    /// <summary>
    /// A tokenizer_config.json for the tiny tokenizer: ChatML control tokens and a ChatML chat template, so HF
    /// tools (and Raif's family detection) recognise the Qwen layout.
    /// </summary>
    public static string TokenizerConfig() => new JsonObject
    {
        ["bos_token"] = null,
        ["eos_token"] = "<|im_end|>",
        ["pad_token"] = "<|endoftext|>",
        ["unk_token"] = null,
        ["model_max_length"] = 1024,
        ["tokenizer_class"] = "Qwen2Tokenizer",
        ["add_bos_token"] = false,
        ["chat_template"] =
            "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>GPT-2's reversible map from bytes to printable characters.</summary>
    internal static char[] ByteToUnicode()
    {
        var map = new char[256];
        var direct = new List<int>();
        direct.AddRange(Enumerable.Range('!', '~' - '!' + 1));
        direct.AddRange(Enumerable.Range('¡', '¬' - '¡' + 1));
        direct.AddRange(Enumerable.Range('®', 'ÿ' - '®' + 1));
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            if (direct.Contains(b))
                map[b] = (char)b;
            else
                map[b] = (char)(256 + next++);
        }
        return map;
    }
}
