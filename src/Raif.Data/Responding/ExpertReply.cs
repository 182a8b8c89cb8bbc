using Microsoft.Extensions.AI;
using Raif.Core.Text;
using Raif.RemoteModels;

namespace Raif.Data.Responding;

/// <summary>
/// The reasoning and the answer of an expert's chat reply. Reasoning servers (DeepSeek's API, vLLM with a reasoning
/// parser) send the reasoning apart, as <c>reasoning_content</c>, which Microsoft.Extensions.AI.OpenAI surfaces as
/// <see cref="TextReasoningContent"/>, or (vLLM since late 2025) as <c>reasoning</c> (<see cref="ServerReasoning"/>); without a parser the reasoning is in the text, as a leading
/// <c>&lt;think&gt;…&lt;/think&gt;</c> block, or — when the chat template already opened the block, as R1 distills'
/// templates do — as text ending in a lone <c>&lt;/think&gt;</c>.
/// </summary>
public sealed record ExpertReply(string Reasoning, string Answer, ExpertReasoningSource Source)
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    /// <summary>The reply split into reasoning and answer (both trimmed), or null with the reason it cannot be used.</summary>
    public static ExpertReply? Read(ChatResponse response, out string? problem)
    {
        if (response.FinishReason == ChatFinishReason.Length)
        {
            problem = "the reply was cut at the token limit";
            return null;
        }
        string reasoning = string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(c => c.Text));
        if (PyStr.Strip(reasoning).Length == 0)
            reasoning = ServerReasoning.Read(response.RawRepresentation) ?? "";
        string text = response.Text;
        ExpertReply reply;
        if (PyStr.Strip(reasoning).Length > 0)
        {
            reply = new ExpertReply(PyStr.Strip(reasoning), PyStr.Strip(text), ExpertReasoningSource.ReasoningContent);
        }
        else if (PyStr.LStrip(text).StartsWith(Open, StringComparison.Ordinal))
        {
            string rest = PyStr.LStrip(text)[Open.Length..];
            int close = rest.IndexOf(Close, StringComparison.Ordinal);
            if (close < 0)
            {
                problem = "the reply opens <think> but never closes it";
                return null;
            }
            reply = new ExpertReply(PyStr.Strip(rest[..close]), PyStr.Strip(rest[(close + Close.Length)..]), ExpertReasoningSource.ThinkTags);
        }
        else if (text.IndexOf(Close, StringComparison.Ordinal) is var at and >= 0 && !text.Contains(Open, StringComparison.Ordinal))
        {
            reply = new ExpertReply(PyStr.Strip(text[..at]), PyStr.Strip(text[(at + Close.Length)..]), ExpertReasoningSource.ThinkTags);
        }
        else
        {
            problem = "no reasoning: neither reasoning_content nor a <think> block";
            return null;
        }
        problem = reply.Reasoning.Length == 0 ? "empty reasoning" : reply.Answer.Length == 0 ? "empty answer" : null;
        return problem is null ? reply : null;
    }
}

/// <summary>Where the reasoning of an <see cref="ExpertReply"/> came from.</summary>
public enum ExpertReasoningSource
{
    /// <summary>The server's separate reasoning field (<c>reasoning_content</c>).</summary>
    ReasoningContent,

    /// <summary>A <c>&lt;think&gt;</c> block in the reply text.</summary>
    ThinkTags,
}
