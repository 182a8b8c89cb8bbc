using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Raif.Tests.Shared;
using Raif.Evaluation.Tests.Judging;

namespace Raif.Evaluation.Tests.Benchmarks.ComplexBench;

/// <summary>
/// The hand-made ComplexBench set in tests/data/complexbench-fixture (5 entries, 15 scoring questions) and a fake
/// judge answering from its judgments file: each prompt is recognised by the scoring question it ends with.
/// </summary>
internal static class ComplexBenchFixture
{
    public static string Folder => TestDataFolder.Committed("complexbench-fixture");

    public static string Responses => Path.Combine(Folder, "responses.jsonl");

    public static string Judgments => Path.Combine(Folder, "judgments.jsonl");

    /// <summary>The fixture's generated texts by entry position.</summary>
    public static IReadOnlyList<string> Generated =>
        [.. File.ReadAllLines(Responses).Select(l => (string)JsonNode.Parse(l)!["generated"]!)];

    /// <summary>The fixture's reply for each (main_id, point_id), keyed by the scoring question's text (zh and en).</summary>
    public static Dictionary<string, (string Id, int Question, string Reply)> RepliesByQuestion()
    {
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "data_final.json")))!.AsArray();
        var replies = File.ReadAllLines(Judgments).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(j => ((string)j["id"]!, (int)j["question"]!), j => (string)j["reply"]!);
        var byQuestion = new Dictionary<string, (string, int, string)>(StringComparer.Ordinal);
        foreach (var entry in data)
        {
            string id = ((int)entry!["main_id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var questions = entry["scoring_questions"]!.AsArray();
            for (int q = 0; q < questions.Count; q++)
            {
                byQuestion[(string)questions[q]!["question"]!] = (id, q, replies[(id, q)]);
                byQuestion[(string)questions[q]!["question_en"]!] = (id, q, replies[(id, q)]);
            }
        }
        return byQuestion;
    }

    /// <summary>
    /// A judge that replies as the fixture's judgments file does, recording every prompt it was sent (with the
    /// (main_id, point_id) it recognised); <paramref name="onCall"/> runs before each reply.
    /// </summary>
    public static ScriptedChatClient Judge(List<(string Id, int Question, string Prompt)> asked, Action? onCall = null)
    {
        var replies = RepliesByQuestion();
        return new ScriptedChatClient(messages =>
        {
            onCall?.Invoke();
            string prompt = messages.Single().Text;
            // Both upstream prompts put the scoring question on a line of its own after the response.
            var match = replies.Single(r => prompt.Contains("\n" + r.Key + "\n", StringComparison.Ordinal));
            lock (asked)
                asked.Add((match.Value.Id, match.Value.Question, prompt));
            return match.Value.Reply;
        });
    }
}
