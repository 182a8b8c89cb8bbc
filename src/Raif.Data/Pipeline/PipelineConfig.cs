using System.Text;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>data.toml</c>: the work folder and one table per stage, run in the pipeline's order (<c>[seeds]</c>, the
/// evolution stages, <c>[respond]</c>, <c>[verify]</c>, <c>[export]</c>); a stage without a table is not run. The
/// evolution stages all read the seeds; when more than one runs, an <c>evolved</c> stage concatenates their records
/// for the next stage. Paths are relative to the config file. Every key is checked (docs/data.md lists them).
/// </summary>
public sealed record PipelineConfig(string Path, string WorkDir, IReadOnlyList<IPipelineStage> Stages)
{
    /// <summary>Stage tables in the order the pipeline runs them, with their readers.</summary>
    private static readonly IReadOnlyList<(string Table, Func<ConfigSection, IPipelineStage> Read)> Readers =
    [
        (SeedsPipelineStage.StageName, SeedsPipelineStage.Read),
        ("evolve", OfflineEvolveStage.Read),
        ("evolve-rules", RulesEvolveStage.Read),
        ("evolve-checklist", ChecklistEvolveStage.Read),
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
        bool seedsStage = root.Has(SeedsPipelineStage.StageName);
        foreach (var (table, read) in Readers)
        {
            if (table == "respond")
                AddConcatenation(stages); // every evolution table has been read
            if (root.Table(table) is not { } section)
                continue;
            if (EvolutionSeeds.Stages.Contains(table))
                CheckSeedSource(section, table, seedsStage);
            stages.Add(read(section));
        }
        root.RejectUnknownKeys();
        if (stages.Count == 0)
            throw new PipelineConfigException($"{path}: no stage tables; add at least an evolution stage ([evolve], [evolve-rules] or [evolve-checklist]) and [export]");
        return new PipelineConfig(path, work, stages);
    }

    // Seeds come from exactly one place: the [seeds] stage, or the stage's own file (offline evolution also has built-in ones).
    private static void CheckSeedSource(ConfigSection section, string table, bool seedsStage)
    {
        if (seedsStage && section.Has("seeds"))
            throw section.Error("seeds", "the [seeds] stage feeds every evolution stage; remove this key or the [seeds] table");
        if (seedsStage && section.Has("field"))
            throw section.Error("field", "the [seeds] stage's records hold the instruction in \"text\"; remove this key (set [seeds] field for its inputs)");
        if (!seedsStage && table != "evolve" && !section.Has("seeds"))
            throw section.Error("seeds", "missing: give a seed file, or add a [seeds] stage");
    }

    // Two or more evolution stages: their records are concatenated, in the fixed order of the readers, for the next stage.
    private static void AddConcatenation(List<IPipelineStage> stages)
    {
        var evolution = stages.Where(s => EvolutionSeeds.Stages.Contains(s.Name)).Select(s => s.Name).ToList();
        if (evolution.Count > 1)
            stages.Add(new ConcatenateEvolvedStage(evolution));
    }
}
