using Raif.Data.Evolution;
using Raif.Data.Seeds;

namespace Raif.Data.Tests.Evolution;

public sealed class SemanticWordsPromptTests
{
    private const string Good = """{"keywords": ["harbor", "Fishing"], "frequency_keyword": "boat", "forbidden_words": ["storm", "engine"], "first_word": "morning"}""";

    [Fact]
    public void A_good_reply_gives_the_words_by_role_lower_cased()
    {
        var parsed = SemanticWordsPrompt.Parse(Good, Seed.English);
        Assert.True(parsed.IsOk, parsed.Error);
        var words = parsed.Value!;
        Assert.Equal(["harbor", "fishing"], words.Keywords);
        Assert.Equal("boat", words.FrequencyKeyword);
        Assert.Equal(["storm", "engine"], words.ForbiddenWords);
        Assert.Equal("morning", words.FirstWord);
    }

    [Fact]
    public void A_code_fence_around_the_object_is_accepted_and_chinese_words_are_kept_as_written()
    {
        Assert.True(SemanticWordsPrompt.Parse("```json\n" + Good + "\n```", Seed.English).IsOk);
        var zh = SemanticWordsPrompt.Parse("""{"keywords": ["港口", "渔船"], "frequency_keyword": "清晨", "forbidden_words": ["风暴", "引擎"], "first_word": "同时"}""", Seed.Chinese);
        Assert.True(zh.IsOk, zh.Error);
        Assert.Equal(["港口", "渔船"], zh.Value!.Keywords);
        Assert.Equal("同时", zh.Value.FirstWord);
    }

    [Theory]
    [InlineData("Sure! Here are the words: {\"keywords\": []}", "one JSON object")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"engine\"]", "one JSON object")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\",], \"frequency_keyword\": \"boat\"}", "not valid JSON")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"engine\"]}", "\"first_word\" is missing")]
    [InlineData("{\"keywords\": [\"harbor\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"engine\"], \"first_word\": \"morning\"}", "exactly 2 words")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\"], \"frequency_keyword\": [\"boat\"], \"forbidden_words\": [\"storm\", \"engine\"], \"first_word\": \"morning\"}", "one word as a JSON string")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing boat\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"engine\"], \"first_word\": \"morning\"}", "not one English word")]
    [InlineData("{\"keywords\": [\"harbor\", \"c++\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"engine\"], \"first_word\": \"morning\"}", "not one English word")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"Harbor\"], \"first_word\": \"morning\"}", "given twice")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\"], \"frequency_keyword\": \"fish\", \"forbidden_words\": [\"storm\", \"engine\"], \"first_word\": \"morning\"}", "\"fish\" is part of \"fishing\"")]
    [InlineData("{\"keywords\": [\"harbor\", \"fishing\"], \"frequency_keyword\": \"boat\", \"forbidden_words\": [\"storm\", \"engine\"], \"first_word\": \"morning\", \"note\": \"x\"}", "unexpected field \"note\"")]
    public void A_broken_english_reply_is_refused_with_its_reason(string reply, string reason)
    {
        var parsed = SemanticWordsPrompt.Parse(reply, Seed.English);
        Assert.False(parsed.IsOk);
        Assert.Contains(reason, parsed.Error);
    }

    [Fact]
    public void Words_in_the_wrong_language_are_refused()
    {
        var englishForChinese = SemanticWordsPrompt.Parse(Good, Seed.Chinese);
        Assert.False(englishForChinese.IsOk);
        Assert.Contains("not a Chinese word", englishForChinese.Error);
        var chineseForEnglish = SemanticWordsPrompt.Parse("""{"keywords": ["港口", "渔船"], "frequency_keyword": "清晨", "forbidden_words": ["风暴", "引擎"], "first_word": "同时"}""", Seed.English);
        Assert.False(chineseForEnglish.IsOk);
        Assert.Contains("not one English word", chineseForEnglish.Error);
    }

    [Fact]
    public void The_prompt_is_the_one_shot_of_the_seed_language_and_ends_with_the_seed()
    {
        var en = SemanticWordsPrompt.Build(new Seed("a", "Plan a picnic for six friends.", Seed.English, []));
        string text = Assert.Single(en).Text;
        // The paper's one-shot example (spec §3.2): explaining GANs → "architecture", "training", "generator".
        Assert.Contains("generative adversarial networks", text);
        Assert.Contains("\"architecture\", \"training\"", text);
        Assert.Contains("\"generator\"", text);
        Assert.EndsWith("Task: Plan a picnic for six friends.\nReply:\n", text);
        var zh = SemanticWordsPrompt.Build(new Seed("b", "为六个朋友计划一次野餐。", Seed.Chinese, []));
        Assert.EndsWith("任务：为六个朋友计划一次野餐。\n回复：\n", Assert.Single(zh).Text);
    }
}
