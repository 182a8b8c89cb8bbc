using Raif.Core.Jsonl;

namespace Raif.Evaluation.Run;

/// <summary>
/// The responses of one benchmark in one run (<c>OUT/&lt;bench&gt;/responses.jsonl</c>: <c>id</c>, <c>response</c>,
/// <c>raw</c>, <c>reasoning</c>, <c>mode</c>), appended as they arrive, so that a rerun asks only for the rest. A file
/// written under another prompting mode is refused rather than mixed. In SDC mode the first step's reasoning is kept
/// too, on a line of its own (<c>id</c>, <c>sdc_reasoning</c>, <c>mode</c>), so a resumed run asks only for the second.
/// </summary>
public sealed class ResponseStore : IDisposable, ISdcFirstSteps
{
    private const string SdcReasoningField = "sdc_reasoning";

    public const string FileName = "responses.jsonl";

    private readonly Dictionary<string, PolicyOutput> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sdcReasoning = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly AppendOnlyJsonl _file;
    private readonly PromptingMode _mode;

    private ResponseStore(string path, PromptingMode mode)
    {
        _mode = mode;
        _file = AppendOnlyJsonl.Open(path, Read);
    }

    public static ResponseStore Open(string path, PromptingMode mode) => new(path, mode);

    public string Path => _file.Path;

    public int Count
    {
        get
        {
            lock (_gate)
                return _done.Count;
        }
    }

    public bool TryGet(string id, out PolicyOutput output)
    {
        lock (_gate)
            return _done.TryGetValue(id, out output!);
    }

    /// <summary>Responses by id, for scoring.</summary>
    public IReadOnlyDictionary<string, string> Responses()
    {
        lock (_gate)
            return _done.ToDictionary(p => p.Key, p => p.Value.Response, StringComparer.Ordinal);
    }

    public void Add(string id, PolicyOutput output)
    {
        lock (_gate)
        {
            if (!_done.TryAdd(id, output))
                return;
            _file.Append(json =>
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("response", output.Response);
                json.WriteString("raw", output.Raw);
                if (output.Reasoning is { } reasoning)
                    json.WriteString("reasoning", reasoning);
                json.WriteString("mode", _mode.Name());
                json.WriteEndObject();
            });
        }
    }

    public bool TryGetReasoning(string id, out string reasoning)
    {
        lock (_gate)
            return _sdcReasoning.TryGetValue(id, out reasoning!);
    }

    public void AddReasoning(string id, string reasoning)
    {
        lock (_gate)
        {
            if (!_sdcReasoning.TryAdd(id, reasoning))
                return;
            _file.Append(json =>
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString(SdcReasoningField, reasoning);
                json.WriteString("mode", _mode.Name());
                json.WriteEndObject();
            });
        }
    }

    public void Dispose() => _file.Dispose();

    private void Read(JsonlLine line)
    {
        string id = line.StringOrRawJson("id") ?? throw line.Error("id", "missing");
        string mode = line.RequiredString("mode");
        if (mode != _mode.Name())
            throw line.Error("mode", $"responses were generated with --mode {mode}, this run uses --mode {_mode.Name()}; use another --out");
        if (line.OptionalString(SdcReasoningField) is { } reasoning)
        {
            _sdcReasoning[id] = reasoning;
            return;
        }
        _done[id] = new PolicyOutput(line.RequiredString("response"), line.OptionalString("raw") ?? "", line.OptionalString("reasoning"));
    }
}
