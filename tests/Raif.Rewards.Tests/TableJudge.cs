using Raif.Core.Judging;
using Raif.Core.Templates;
using Raif.Rewards.Judging;

namespace Raif.Rewards.Tests;

/// <summary>
/// A deterministic judge for tests: it finds the scoring question at the end of the user message and answers with
/// the (YES, NO) log-probabilities listed for it in its table. It records every call so tests can check batching
/// and exactly what the judge was asked.
/// </summary>
internal sealed class TableJudge(IReadOnlyDictionary<string, (double Yes, double No)> table) : IJudge
{
    private const string QuestionHeading = "\n\n\nQuestion:\n\n";

    public List<IReadOnlyList<JudgeRequest>> Calls { get; } = [];

    public string Name => "table";

    /// <summary>When set, the judge throws this instead of answering.</summary>
    public Exception? Failure { get; init; }

    /// <summary>When set, the judge answers this many scores per request instead of two.</summary>
    public int? ScoresPerRequest { get; init; }

    /// <summary>A judge that says YES (−1 vs −3) to the listed questions and NO (−3 vs −1) to the others.</summary>
    public static TableJudge Yes(params string[] yesQuestions) => new(new YesOnly(yesQuestions));

    public Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default)
    {
        Calls.Add(requests);
        if (Failure is not null)
            throw Failure;
        var scores = new List<JudgeScores>(requests.Count);
        foreach (var request in requests)
        {
            Assert.Equal(JudgePrompt.Continuations, request.Continuations);
            string user = request.Conversation.Single(t => t.Role == ChatRole.User).Content;
            string question = user[(user.LastIndexOf(QuestionHeading, StringComparison.Ordinal) + QuestionHeading.Length)..];
            var (yes, no) = table[question];
            double[] values = ScoresPerRequest is { } count ? [.. Enumerable.Repeat(yes, count)] : [yes, no];
            scores.Add(new JudgeScores(values, 4));
        }
        return Task.FromResult<IReadOnlyList<JudgeScores>>(scores);
    }

    private sealed class YesOnly(string[] yes) : IReadOnlyDictionary<string, (double Yes, double No)>
    {
        public (double Yes, double No) this[string key] => yes.Contains(key) ? (-1.0, -3.0) : (-3.0, -1.0);
        public IEnumerable<string> Keys => yes;
        public IEnumerable<(double Yes, double No)> Values => yes.Select(_ => (-1.0, -3.0));
        public int Count => yes.Length;
        public bool ContainsKey(string key) => true;
        public bool TryGetValue(string key, out (double Yes, double No) value)
        {
            value = this[key];
            return true;
        }
        public IEnumerator<KeyValuePair<string, (double Yes, double No)>> GetEnumerator() =>
            yes.Select(k => new KeyValuePair<string, (double Yes, double No)>(k, this[k])).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
