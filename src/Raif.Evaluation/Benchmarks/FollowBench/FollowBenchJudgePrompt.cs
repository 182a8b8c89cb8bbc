using System.Globalization;
using System.Text;

namespace Raif.Evaluation.Benchmarks.FollowBench;

/// <summary>
/// FollowBench's judge prompt (upstream <c>{type}_evaluation_prompt</c> in <c>code/gpt4_based_evaluation.py</c> and
/// <c>code_zh/…</c>, commit 6278f4c, Apache-2.0; the wording is the benchmark's data, kept verbatim): the instruction
/// at each level of the item's evolution path from level 0, the answer, and a request for a final-line Python list
/// of YES/NO. The five constraint types differ only in how the added constraint is named.
/// </summary>
public static class FollowBenchJudgePrompt
{
    private static string KindEn(string type) => type switch
    {
        "content" => "content constraint",
        "situation" => "situation constraint (information to describe a specific situation/background)",
        "style" => "style constraint",
        "format" => "format constraint",
        "mixed" => "constraint",
        _ => throw new ArgumentException($"FollowBench: no judge prompt for constraint type '{type}'", nameof(type)),
    };

    private static string KindZh(string type) => type switch
    {
        "content" => "内容约束",
        "situation" => "情景约束（描述特定情况/背景的信息）",
        "style" => "风格约束",
        "format" => "格式约束",
        "mixed" => "约束",
        _ => throw new ArgumentException($"FollowBench: no judge prompt for constraint type '{type}'", nameof(type)),
    };

    /// <param name="evolveInstructions">The instructions of the item's example from level 0 up to its own level.</param>
    public static string Build(string constraintType, IReadOnlyList<string> evolveInstructions, string answer, FollowBenchLanguage language) =>
        language == FollowBenchLanguage.En ? BuildEn(constraintType, evolveInstructions, answer) : BuildZh(constraintType, evolveInstructions, answer);

    private static string BuildEn(string type, IReadOnlyList<string> e, string answer)
    {
        int level = e.Count - 1;
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        if (level == 1)
        {
            sb.Append(c, $"Given an initial instruction, we add one {KindEn(type)} and obtain the final instruction with 1 additional constraint.\n\n");
            sb.Append("#Initial Instruction#\n").Append(e[0]).Append("\n\n");
            sb.Append("#Initial Instruction + 1 constraint#\n").Append(e[1]).Append("\n\n");
            sb.Append("#Answer of Initial Instruction + 1 constraint#\n").Append(answer).Append("\n\n");
            sb.Append("#System#\n1) Please identify the 1 added constraint.\n2) Please descriminate if the #Answer of Initial Instruction + 1 constraint# satisfies the 1 added constraint.\n3) In the final line, only output a Python LIST with 1 element ('YES' or 'NO') indicating whether the answer satisfies the 1 added constraint.");
            return sb.ToString();
        }
        sb.Append(c, $"Given an initial instruction, we add one {KindEn(type)} per time and obtain the final instruction with {level} additional constraints.\n\n");
        sb.Append("#Initial Instruction#\n").Append(e[0]).Append("\n\n");
        sb.Append("#Initial Instruction + 1 constraint#\n").Append(e[1]).Append("\n\n");
        for (int i = 2; i <= level; i++)
            sb.Append(c, $"#Initial Instruction + {i} constraints#\n").Append(e[i]).Append("\n\n");
        sb.Append(c, $"#Answer of Initial Instruction + {level} constraints#\n").Append(answer).Append("\n\n");
        sb.Append(c, $"#System#\n1) Please identify all {level} added constraints.\n2) For the {level} added constraints, discriminate if the #Answer of Initial Instruction + {level} constraints# satisfies each constraint.\n3) In the final line, only output a Python LIST with {level} elements ('YES' or 'NO') indicating whether the answer satisfies each constraint.");
        return sb.ToString();
    }

    private static string BuildZh(string type, IReadOnlyList<string> e, string answer)
    {
        int level = e.Count - 1;
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        if (level == 1)
        {
            sb.Append(c, $"给定一个初始指令，我们添加一个{KindZh(type)}，获得了有1个附加约束的最终指令。\n\n");
            sb.Append("#初始指令#\n").Append(e[0]).Append("\n\n");
            sb.Append("#初始指令 + 1个约束#\n").Append(e[1]).Append("\n\n");
            sb.Append("#初始指令 + 1个约束的答案#\n").Append(answer).Append("\n\n");
            sb.Append("#系统#\n1) 请识别出添加的1个约束。\n2) 请判断#初始指令 + 1个约束的答案#是否满足了添加的1个约束。\n3) 在最后一行，只输出一个包含1个元素（“YES”或“NO”）的Python列表，表明答案是否满足添加的一个约束。");
            return sb.ToString();
        }
        sb.Append(c, $"给定一个初始指令，我们每次添加一个{KindZh(type)}，获得了有{level}个附加约束的最终指令。\n\n");
        sb.Append("#初始指令#\n").Append(e[0]).Append("\n\n");
        sb.Append("#初始指令 + 1个约束#\n").Append(e[1]).Append("\n\n");
        for (int i = 2; i <= level; i++)
            sb.Append(c, $"#初始指令 + {i}个约束#\n").Append(e[i]).Append("\n\n");
        sb.Append(c, $"#初始指令 + {level}个约束的答案#\n").Append(answer).Append("\n\n");
        sb.Append(c, $"#系统#\n1) 请识别出添加的{level}个约束。\n2) 对于添加的{level}个约束, 请判断#初始指令 + {level}个约束的答案#是否满足了每个约束。\n3) 在最后一行，只输出一个包含{level}个元素（“YES”或“NO”）的Python列表，表明答案是否满足添加的每一个约束。");
        return sb.ToString();
    }
}
