using Raif.Core.Judging;
using Raif.Core.Templates;

namespace Raif.Rewards.Judging;

/// <summary>
/// The judge conversation for one scoring question (spec §6.5 steps 2–4): a fixed system turn and a user turn made
/// of the rubric, the request, the generated answer and the question, separated by headed sections; the two
/// continuations to compare are <c>YES(是)</c> and <c>NO(否)</c>. The rubric is Raif's own wording of the structure
/// the release uses (an InfoBench-style rubric); the layout of the sections follows the release exactly.
/// </summary>
public static class JudgePrompt
{
    public const string SystemMessage = "You are a helpful assistant.";
    public const string Yes = "YES(是)";
    public const string No = "NO(否)";

    /// <summary>The continuations in the order the verdict reads them: YES first, then NO.</summary>
    public static readonly IReadOnlyList<string> Continuations = [Yes, No];

    /// <summary>How to answer: YES only when the condition is met entirely; NO on any shortfall or when nothing can be checked.</summary>
    public const string Rubric =
        "You will read a request, a text that was generated in response to it, and one question about that text. " +
        "Answer the question with YES(是) or NO(否) only.\n\n" +
        "Answer YES(是) only if the generated text meets the condition in the question completely. If any part of " +
        "the condition is not met, even by a small slip, answer NO(否). For example, if the question asks whether " +
        "every item of a list starts with a verb and one item starts with a noun, the answer is NO(否).\n\n" +
        "Also answer NO(否) when the generated text does not do what the question asks about or gives nothing that " +
        "the question could be checked against. For example, if the question asks whether the closing paragraph " +
        "names a date and the text is a single paragraph without any date, the answer is NO(否).";

    /// <summary>The user message: rubric, request, generated text and question under their headings.</summary>
    public static string UserMessage(string request, string answer, string question) =>
        Rubric + "\n\n\nInput:\n\n" + request + "\n\n\nGenerated Text:\n\n" + answer + "\n\n\nQuestion:\n\n" + question;

    /// <summary>The judge request for one question.</summary>
    public static JudgeRequest Request(string request, string answer, string question) =>
        new([ChatTurn.System(SystemMessage), ChatTurn.User(UserMessage(request, answer, question))], Continuations);
}
