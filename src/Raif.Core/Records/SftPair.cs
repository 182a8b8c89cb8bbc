using Raif.Core.Jsonl;

namespace Raif.Core.Records;

/// <summary>
/// One behaviour-cloning example (spec §4.4): <c>question</c> is the rendered prompt, <c>answer</c> the expert
/// response with its reasoning and answer tags.
/// </summary>
public sealed record SftPair(string Question, string Answer)
{
    public static SftPair FromJsonl(JsonlLine line)
    {
        string question = line.RequiredString("question");
        string answer = line.RequiredString("answer");
        if (question.Length == 0)
            throw line.Error("question", "empty");
        if (answer.Length == 0)
            throw line.Error("answer", "empty");
        return new SftPair(question, answer);
    }

    public static IEnumerable<SftPair> ReadAll(string path, CancellationToken cancellationToken = default) =>
        JsonlReader.Read(path, FromJsonl, cancellationToken);
}
