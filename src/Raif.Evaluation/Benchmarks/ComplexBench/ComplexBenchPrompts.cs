using System.Reflection;
using System.Text.RegularExpressions;

namespace Raif.Evaluation.Benchmarks.ComplexBench;

/// <summary>
/// ComplexBench's extractor and judge prompts and the judge reply parser (thu-coai/ComplexBench 749f457,
/// <c>evaluation/llm_based_extraction.py</c> and <c>llm_based_evaluation.py</c>, <c>get_payload</c> and <c>get_answer</c>).
/// The prompt texts are upstream's (MIT; see Prompts/README.md).
/// </summary>
public static class ComplexBenchPrompts
{
    /// <summary>Upstream truncates the instruction to 6,000 and the response to 4,000 characters (Python code points).</summary>
    public const int InstructionLimit = 6000;
    public const int ResponseLimit = 4000;

    public static string JudgeTemplate { get; } = ReadResource("Raif.Evaluation.ComplexBench.judge.txt");
    public static string ExtractorTemplate { get; } = ReadResource("Raif.Evaluation.ComplexBench.extractor.txt");
    public static string ExtractorEachTemplate { get; } = ReadResource("Raif.Evaluation.ComplexBench.extractor_each.txt");

    /// <summary>The judge's user turn for an LLM-scored question; a null response is shown as "None", as upstream does.</summary>
    public static string Judge(string instruction, string? response, string question) =>
        TemplateFill.Fill(JudgeTemplate, new Dictionary<string, string>
        {
            ["input"] = Prefix(instruction, InstructionLimit),
            ["output"] = response is null ? "None" : Prefix(response, ResponseLimit),
            ["question"] = question,
        });

    /// <summary>The extractor's user turn for a rule-scored question: the "each" prompt when the rule contains "each".</summary>
    public static string Extractor(string rule, string instruction, string? response, string question) =>
        TemplateFill.Fill(rule.Contains("each", StringComparison.Ordinal) ? ExtractorEachTemplate : ExtractorTemplate, new Dictionary<string, string>
        {
            ["instruction"] = Prefix(instruction, InstructionLimit),
            ["response"] = response is null ? "None" : Prefix(response, ResponseLimit),
            ["question"] = question,
        });

    private static readonly Regex Answer = new("答案：是|答案：否", RegexOptions.CultureInvariant);

    /// <summary>
    /// Upstream's verdict from a judge reply: exactly one "答案：是"/"答案：否" decides; otherwise the reply is yes when
    /// it contains "是" and no "否", else no (an empty reply is no).
    /// </summary>
    public static bool ParseJudgeReply(string reply)
    {
        var matches = Answer.Matches(reply);
        if (matches.Count == 1)
            return matches[0].Value.Contains('是', StringComparison.Ordinal);
        return reply.Contains('是', StringComparison.Ordinal) && !reply.Contains('否', StringComparison.Ordinal);
    }

    /// <summary>Python's <c>s[:n]</c>: the first <paramref name="codePoints"/> code points (a surrogate pair is one).</summary>
    internal static string Prefix(string text, int codePoints)
    {
        if (text.Length <= codePoints)
            return text;
        int end = 0, count = 0;
        while (end < text.Length && count < codePoints)
        {
            end += char.IsSurrogatePair(text, end) ? 2 : 1;
            count++;
        }
        return text[..end];
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
