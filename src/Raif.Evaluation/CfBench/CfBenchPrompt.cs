using System.Security.Cryptography;
using System.Text;

namespace Raif.Evaluation.CfBench;

/// <summary>
/// CFBench's judge prompt (<c>gpt_judge_for_cfbench</c> in upstream <c>code/evalaute.py</c>). CFBench states no licence,
/// so its wording is not shipped: the user gives it as a text file with the placeholders <c>{prompt}</c>,
/// <c>{gold_ans}</c>, <c>{response}</c> and <c>{criteria}</c> (docs/evaluation.md shows how to extract it), and its
/// sha256 is checked against upstream's.
/// </summary>
public sealed class CfBenchPrompt(string template)
{
    /// <summary>sha256 of the UTF-8 template extracted from upstream commit 0bcbf9b (see docs/evaluation.md).</summary>
    public const string UpstreamSha256 = "bc4ab577da5cbda571dc4214d14fecc8e2de3c6c6ea3da7784b941c8450e37e4";

    public string Template { get; } = template;

    /// <summary>True when the template is byte for byte upstream's.</summary>
    public bool IsUpstream => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Template))) == UpstreamSha256;

    /// <summary>The judge's single user message: criteria texts joined by <c>"\n\n"</c>, as upstream's <c>_judge_one</c>.</summary>
    public string Render(CfBenchItem item, string response) =>
        TemplateFill.Fill(Template, new Dictionary<string, string>
        {
            ["prompt"] = item.Prompt,
            ["gold_ans"] = item.Gold,
            ["response"] = response,
            ["criteria"] = string.Join("\n\n", item.Criteria.Select(c => c.Text)),
        });
}
