using System.Text;
using Raif.Data.Seeds;

namespace Raif.Data.Evolution;

/// <summary>
/// Writes the evolved instruction: the seed task and the constraint descriptions, composed as And, Chain or
/// Selection, in the seed's language.
/// </summary>
internal static class InstructionComposer
{
    /// <summary>A Selection condition and whether it holds for the seed.</summary>
    public sealed record Condition(string Text, bool Holds);

    public static string And(Seed seed, IReadOnlyList<string> descriptions)
    {
        var text = new StringBuilder(seed.Text).Append("\n\n");
        text.Append(seed.Language == Seed.Chinese ? "你的回答必须同时满足以下所有要求：" : "Your response must satisfy all of the following requirements:");
        AppendList(text, descriptions);
        return text.ToString();
    }

    public static string Chain(Seed seed, IReadOnlyList<string> descriptions)
    {
        bool zh = seed.Language == Seed.Chinese;
        var text = new StringBuilder(zh ? "请按顺序完成以下步骤，只输出最后一步的结果。" : "Work through the following steps in order and reply with the result of the last step only.");
        text.Append('\n').Append(zh ? "第1步：" : "Step 1: ").Append(seed.Text);
        for (int i = 0; i < descriptions.Count; i++)
        {
            text.Append('\n');
            text.Append(zh ? $"第{i + 2}步：修改上一步的结果，使其满足这一要求：" : $"Step {i + 2}: Revise the result of step {i + 1} so that it meets this requirement: ");
            text.Append(descriptions[i]);
        }
        return text.ToString();
    }

    public static string Selection(Seed seed, Condition condition, IReadOnlyList<string> active, IReadOnlyList<string> inactive)
    {
        bool zh = seed.Language == Seed.Chinese;
        var (first, second) = condition.Holds ? (active, inactive) : (inactive, active);
        var text = new StringBuilder(seed.Text).Append("\n\n");
        text.Append(zh ? $"如果{condition.Text}，请遵守以下要求：" : $"If {condition.Text}, follow these requirements:");
        AppendList(text, first);
        text.Append('\n').Append(zh ? "否则，请改为遵守以下要求：" : "Otherwise, follow these requirements instead:");
        AppendList(text, second);
        return text.ToString();
    }

    /// <summary>A condition about the request whose truth is known from the seed: its language, or whether it uses a word.</summary>
    public static Condition PickCondition(Seed seed, IReadOnlyList<Seed> others, SplitMix64 rng)
    {
        bool zh = seed.Language == Seed.Chinese;
        if (seed.Words.Count == 0 || rng.Chance(0.5))
        {
            bool askChinese = rng.Chance(0.5);
            string language = zh ? (askChinese ? "中文" : "英文") : (askChinese ? "Chinese" : "English");
            return new Condition(zh ? $"上面的请求是用{language}写的" : $"the request above is written in {language}", askChinese == zh);
        }
        string word;
        bool holds = rng.Chance(0.5);
        if (holds)
        {
            word = rng.Pick(seed.Words);
        }
        else
        {
            var foreign = others.Where(o => o.Language == seed.Language).SelectMany(o => o.Words)
                .Where(w => !seed.Text.Contains(w, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
            if (foreign.Count == 0)
                return new Condition(zh ? "上面的请求是用中文写的" : "the request above is written in English", true);
            word = rng.Pick(foreign);
        }
        return new Condition(zh ? $"上面的请求中出现了“{word}”这个词" : $"the request above uses the word \"{word}\"", holds);
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<string> items)
    {
        for (int i = 0; i < items.Count; i++)
            text.Append('\n').Append(i + 1).Append(". ").Append(items[i]);
    }
}
