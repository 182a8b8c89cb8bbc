using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Training.Metrics;

/// <summary>
/// Appends one JSON line per step to <c>metrics.jsonl</c> and flushes it, so a crash loses at most the step in
/// flight. On resume the log is first cut back to the checkpoint's step (atomically), so it never holds steps the
/// resumed run will redo.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    /// <summary>Raif's JSONL settings plus NaN/Infinity as named literals (a metric can be undefined for a step).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonlWriter.Options)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly StreamWriter _writer;

    public MetricsLog(string path, int resumeFromStep = 0)
    {
        Path = path;
        if (resumeFromStep > 0 && File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))
                .Where(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32() <= resumeFromStep)
                .Select(l => l + "\n");
            AtomicFile.WriteAllText(path, string.Concat(kept));
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), JsonlWriter.Utf8);
    }

    public string Path { get; }

    public void Append(StepMetrics metrics)
    {
        _writer.Write(JsonSerializer.Serialize(metrics, Options));
        _writer.Write('\n');
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Reads a metrics file back (for plots and reports).</summary>
    public static IReadOnlyList<StepMetrics> Read(string path) =>
        JsonlReader.Read(path, line =>
        {
            try
            {
                return line.Value.Deserialize<StepMetrics>(Options)
                    ?? throw line.Error(null, "empty metrics record");
            }
            catch (JsonException e)
            {
                throw line.Error(e.Path?.TrimStart('$', '.'), e.Message, e);
            }
        }).ToList();
}
