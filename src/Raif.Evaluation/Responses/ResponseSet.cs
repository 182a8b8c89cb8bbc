namespace Raif.Evaluation.Responses;

/// <summary>
/// Model responses keyed by the benchmark's item id, in the order the file gave them (official scripts score the
/// items of the response file, in its order).
/// </summary>
public sealed class ResponseSet
{
    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public ResponseSet(string source) => Source = source;

    /// <summary>The file the responses came from (for messages).</summary>
    public string Source { get; }

    public IReadOnlyList<string> Ids => _order;

    public int Count => _order.Count;

    /// <summary>Adds a response; a second response for the same id is an error naming where it came from.</summary>
    public void Add(string id, string response, string where)
    {
        if (!_byId.TryAdd(id, response))
            throw new InvalidDataException($"{where}: a second response for item '{id}'");
        _order.Add(id);
    }

    public bool TryGet(string id, out string response) => _byId.TryGetValue(id, out response!);

    /// <summary>The responses by id.</summary>
    public IReadOnlyDictionary<string, string> ById => _byId;
}
