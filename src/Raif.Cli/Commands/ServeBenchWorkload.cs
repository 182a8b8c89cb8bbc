using System.Globalization;

namespace Raif.Cli.Commands;

/// <summary>One chat request of a <c>raif bench serve</c> load run.</summary>
internal sealed record ServeBenchRequest(string Content, int MaxTokens, bool Stream);

/// <summary>
/// The requests of a <c>raif bench serve</c> load run. <c>lockstep</c> is the original workload (every request the same
/// <c>max_tokens</c> and prompt shape, so 32 clients move in step); <c>mixed</c> draws <c>max_tokens</c> and a number
/// of filler words per request from fixed ranges with a fixed seed, as real traffic mixes short and long answers and
/// prompts (where a round scheduler makes early finishers wait for the longest row). Every fourth request is streamed.
/// </summary>
internal sealed record ServeBenchWorkload(string Name, IReadOnlyList<ServeBenchRequest> Requests)
{
    // Filler for longer prompts: plain words, so the prompt grows without special tokens.
    private static readonly string[] Words =
        ["please", "answer", "briefly", "about", "the", "weather", "in", "a", "small", "town", "near", "river", "today", "with", "some", "detail"];

    public static ServeBenchWorkload Lockstep(int count, int maxTokens) =>
        new("lockstep", [.. Enumerable.Range(0, count).Select(i => new ServeBenchRequest($"Request {i}: say something.", maxTokens, i % 4 == 3))]);

    public static ServeBenchWorkload Mixed(int count, (int Min, int Max) maxTokens, (int Min, int Max) fillerWords, int seed)
    {
        var random = new Random(seed);
        var requests = new ServeBenchRequest[count];
        for (int i = 0; i < count; i++)
        {
            int tokens = random.Next(maxTokens.Min, maxTokens.Max + 1);
            int words = random.Next(fillerWords.Min, fillerWords.Max + 1);
            string filler = string.Concat(Enumerable.Range(0, words).Select(w => Words[(i + w) % Words.Length] + " "));
            requests[i] = new ServeBenchRequest($"Request {i}: {filler}say something.", tokens, i % 4 == 3);
        }
        return new ServeBenchWorkload("mixed", requests);
    }

    /// <summary>
    /// The workloads named by <c>--workload</c> (lockstep, mixed or both, in that order) of <paramref name="count"/>
    /// requests; the mixed ranges are the texts of <c>--mixed-max-tokens</c> and <c>--mixed-prompt-words</c>.
    /// </summary>
    public static List<ServeBenchWorkload> Named(string which, int count, int maxTokens, string mixedMaxTokens, string mixedPromptWords, int seed)
    {
        var workloads = new List<ServeBenchWorkload>();
        if (which is "lockstep" or "both")
            workloads.Add(Lockstep(count, maxTokens));
        if (which is "mixed" or "both")
            workloads.Add(Mixed(count, ParseRange(mixedMaxTokens, "--mixed-max-tokens", 1), ParseRange(mixedPromptWords, "--mixed-prompt-words", 0), seed));
        return workloads;
    }

    /// <summary>Parses <c>N</c> or <c>A-B</c> (inclusive, A ≤ B, both ≥ <paramref name="least"/>) for the option named.</summary>
    public static (int Min, int Max) ParseRange(string text, string option, int least)
    {
        var parts = text.Split('-');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int min)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int max)
            && min >= least && max >= min)
            return (min, max);
        throw new CliUsageException($"{option}: expected N or A-B with {least} <= A <= B (got '{text}')");
    }
}
