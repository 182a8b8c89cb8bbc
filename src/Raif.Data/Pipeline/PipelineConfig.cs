using System.Text;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>data.toml</c>: the work folder and one table per stage, run in the pipeline's order (<c>[evolve]</c> …
/// <c>[export]</c>); a stage without a table is not run. Paths are relative to the config file. Every key is checked
/// (docs/data.md lists them).
/// </summary>
public sealed record PipelineConfig(string Path, string WorkDir, IReadOnlyList<IPipelineStage> Stages)
{
    /// <summary>Stage tables in the order the pipeline runs them, with their readers.</summary>
    private static readonly IReadOnlyList<(string Table, Func<ConfigSection, IPipelineStage> Read)> Readers =
    [
        ("evolve", OfflineEvolveStage.Read),
        ("respond", RespondPipelineStage.Read),
        ("verify", VerifyPipelineStage.Read),
        ("export", ExportPipelineStage.Read),
    ];

    public static PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: pipeline configuration not found", path);
        string text = File.ReadAllText(path, Encoding.UTF8);
        var doc = SyntaxParser.Parse(TomlLexer.Create(text, path));
        if (doc.HasErrors)
        {
            var first = doc.Diagnostics.First();
            throw new PipelineConfigException($"{path}:{first.Span.Start.Line + 1}: {first.Message}");
        }
        // Values come from the serializer; the syntax tree only supplies line numbers of dotted keys.
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kv in doc.KeyValues)
            lines.TryAdd(kv.Key!.ToString().Trim(), kv.Span.Start.Line + 1);
        foreach (var table in doc.Tables)
        {
            string prefix = table.Name!.ToString().Trim();
            lines.TryAdd(prefix, table.Span.Start.Line + 1);
            foreach (var kv in table.Items)
                lines.TryAdd(prefix + "." + kv.Key!.ToString().Trim(), kv.Span.Start.Line + 1);
        }
        var root = new ConfigSection(TomlSerializer.Deserialize<TomlTable>(text)!, path, "", lines);
        string work = root.PathValue("work") ?? throw root.Error("work", "missing: the folder the stages write into");
        var stages = new List<IPipelineStage>();
        foreach (var (table, read) in Readers)
        {
            if (root.Table(table) is { } section)
                stages.Add(read(section));
        }
        root.RejectUnknownKeys();
        if (stages.Count == 0)
            throw new PipelineConfigException($"{path}: no stage tables; add at least [evolve] and [export]");
        return new PipelineConfig(path, work, stages);
    }
}
