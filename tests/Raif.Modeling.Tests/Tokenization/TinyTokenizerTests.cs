using System.Text;
using System.Text.Json.Nodes;
using Raif.Modeling.Tests.Fixtures;
using Raif.Modeling.Tokenization;

namespace Raif.Modeling.Tests.Tokenization;

public class TinyTokenizerTests
{
    [Fact]
    public void Merges_as_strings_or_pairs_give_the_same_ids_and_bpe_applies_them()
    {
        var strings = TinyTokenizer.Create(mergesAsPairs: false);
        var pairs = TinyTokenizer.Create(mergesAsPairs: true);
        const string text = " the in her  a\non YES";
        Assert.Equal(strings.Encode(text), pairs.Encode(text));
        // " the" -> Ġthe (259), " in" -> Ġ (32→'Ġ' is byte 32) + in (258), "her": h+er (260)... checked by hand:
        // merges: Ġt(256) he(257) in(258) Ġthe(259) er(260) Ġa(261) on(262) YE(263).
        Assert.Equal(new[] { 259 }, strings.Encode(" the"));
        Assert.Equal(new[] { 32, 258 }, strings.Encode(" in"));
        Assert.Equal(new[] { 263, 83 }, strings.Encode("YES"));
        Assert.Equal(new[] { 261 }, strings.Encode(" a"));
    }

    [Fact]
    public void Added_tokens_are_matched_on_raw_text_and_specials_can_be_skipped_when_decoding()
    {
        var t = TinyTokenizer.Create();
        var ids = t.Encode("<|im_start|>hi<think><|im_end|>");
        Assert.Equal(new[] { TinyTokenizer.ImStart, 104, 105, 267, TinyTokenizer.ImEnd }, ids);
        Assert.Equal("hi<think>", t.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<|im_start|>hi<think><|im_end|>", t.Decode(ids));
    }

    [Fact]
    public void Nfc_normalisation_and_utf8_bytes_round_trip()
    {
        var t = TinyTokenizer.Create();
        var decomposed = "e\u0301";
        var ids = t.Encode(decomposed);
        Assert.Equal(Encoding.UTF8.GetBytes("\u00e9").Select(b => (int)b), ids);
        Assert.Equal("\u00e9", t.Decode(ids));
        // A lone continuation byte decodes to the replacement character, as Python's errors="replace" does.
        Assert.Equal("\uFFFD", t.Decode([0xA9]));
    }

    [Fact]
    public void Unsupported_parts_of_tokenizer_json_are_errors_naming_them()
    {
        var json = TinyTokenizer.Json(normalizer: "NFKC");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.FromFiles(Files(json), "t/tokenizer.json"));
        Assert.Contains("NFKC", e.Message);

        json = TinyTokenizer.Json();
        json["model"]!["byte_fallback"] = true;
        e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.FromFiles(Files(json), "t/tokenizer.json"));
        Assert.Contains("byte_fallback", e.Message);

        json = TinyTokenizer.Json();
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace" };
        e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.FromFiles(Files(json), "t/tokenizer.json"));
        Assert.Contains("Metaspace", e.Message);
    }

    private static Dictionary<string, byte[]> Files(JsonObject json) => new() { ["tokenizer.json"] = Encoding.UTF8.GetBytes(json.ToJsonString()) };
}
