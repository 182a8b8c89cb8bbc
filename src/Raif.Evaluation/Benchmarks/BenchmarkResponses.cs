using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks;

/// <summary>The responses of a <c>raif eval run</c> for the items it asked, as the scorers take them.</summary>
internal static class BenchmarkResponses
{
    public static ResponseSet Select(string bench, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses)
    {
        var set = new ResponseSet($"{bench} responses");
        foreach (string id in ids)
            set.Add(id, responses.TryGetValue(id, out var r) ? r : throw new InvalidDataException($"{bench}: no response for item {id}"), bench);
        return set;
    }
}
