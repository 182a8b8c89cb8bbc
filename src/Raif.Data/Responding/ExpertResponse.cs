using Raif.Core.Responses;

namespace Raif.Data.Responding;

/// <summary>
/// The response text of an expert pair, <c>&lt;think&gt;\nREASONING\n&lt;/think&gt;\n&lt;answer&gt;\nANSWER\n&lt;/answer&gt;</c>
/// (spec §3.8), checked with the reward's own format code: it must pass the structure rule of spec §5.6 and give
/// back exactly the reasoning and answer under the extraction rules of spec §5.5 (a reply whose text holds one of
/// the tags itself would not).
/// </summary>
public static class ExpertResponse
{
    public static string Render(string reasoning, string answer) =>
        $"<think>\n{reasoning}\n</think>\n<answer>\n{answer}\n</answer>";

    /// <summary>The rendered response, or null with the rule it breaks.</summary>
    public static string? TryRender(ExpertReply reply, out string? problem)
    {
        string response = Render(reply.Reasoning, reply.Answer);
        if (!StructureValidator.Validate(response, thinkTagsOnly: false, out string why))
        {
            problem = $"the reply's text breaks the response format ({why})";
            return null;
        }
        if (ReasoningExtractor.Think(response) != reply.Reasoning || ReasoningExtractor.Answer(response, answerAfterThink: false) != reply.Answer)
        {
            problem = "the reply's text breaks the response format (reasoning or answer does not read back)";
            return null;
        }
        problem = null;
        return response;
    }
}
