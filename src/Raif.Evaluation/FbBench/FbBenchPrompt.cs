using System.Security.Cryptography;
using System.Text;
using Raif.Evaluation.Python;

namespace Raif.Evaluation.FbBench;

/// <summary>
/// FB-Bench's judge prompt: <c>prompt_template_zh</c> of upstream <c>config/judge_config.yaml</c>, filled as
/// <c>gen_judgment.py</c> fills it (the checklist as Python's repr of the annotation, the answer skeleton as
/// <c>json.dumps(indent=4, ensure_ascii=False)</c>). FB-Bench states no licence, so the wording is not shipped: the
/// user passes the template text (docs/evaluation.md shows how to extract it) and its sha256 is checked.
/// </summary>
public sealed class FbBenchPrompt(string template)
{
    /// <summary>sha256 of the UTF-8 template extracted from upstream commit dacc09b (see docs/evaluation.md).</summary>
    public const string UpstreamSha256 = "56d6df3fffc848cd42d5fb10ef98011e1ef001f6388f5f5388853d58665da323";

    public string Template { get; } = template;

    public bool IsUpstream => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Template))) == UpstreamSha256;

    public string Render(FbBenchItem item, string secondResponse) =>
        TemplateFill.Fill(Template, new Dictionary<string, string>
        {
            ["user_query"] = item.UserQuery,
            ["origin_first_response"] = item.OriginFirstResponse,
            ["feedback"] = item.Feedback,
            ["second_response"] = secondResponse,
            ["checklist"] = PyRepr.Repr(item.Checklist),
            ["checklist_judgement"] = PyRepr.JsonDumps(AnswerSkeleton(item)),
        });

    /// <summary>
    /// <c>{checkpoint: {"评判理由": "", "评判结果": "", "weight": w}}</c> over the checklist made uniform (texts get weight
    /// None), a repeated checkpoint keeping its first place and its last weight, as a Python dict does.
    /// </summary>
    public static OrderedDictionary<string, object?> AnswerSkeleton(FbBenchItem item)
    {
        var skeleton = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        bool texts = item.Checklist[0] is string;
        foreach (var entry in item.Checklist)
        {
            var (text, weight) = texts ? (entry as string ?? PyRepr.Repr(entry), (object?)PyNone.Value)
                : entry is List<object?> { Count: 2 } pair && pair[0] is string t ? (t, pair[1])
                : throw new InvalidDataException($"FB-Bench item {item.Id}: checklist entry {PyRepr.Repr(entry)} is not a [text, weight] pair");
            skeleton[text] = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["评判理由"] = "",
                ["评判结果"] = "",
                ["weight"] = weight,
            };
        }
        return skeleton;
    }
}
