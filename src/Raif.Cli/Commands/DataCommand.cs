using System.CommandLine;
using Raif.Core.Templates;
using Raif.Data.Evolution;
using Raif.Data.Seeds;
using Raif.Verifiers.IfEval;

namespace Raif.Cli.Commands;

/// <summary><c>raif data</c>: RAIF's data pipeline (spec §3); see docs/data.md.</summary>
internal static class DataCommand
{
    public static Command Create() => new("data", "Turn seed instructions into RAIF training data (spec §3; docs/data.md).")
    {
        CreateEvolve(),
        CreateCombinations(),
        DataEvolveRulesCommand.Create(),
        DataEvolveChecklistCommand.Create(),
        DataRespondCommand.Create(),
        DataVerifyCommand.Create(),
    };

    private static Command CreateEvolve()
    {
        var offline = new Option<bool>("--offline") { Description = "No model: semantic arguments come from words of the seed itself." };
        var count = new Option<int>("--count", "-n") { Description = "Distinct records to write.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder (ifeval.jsonl, stats.json).", Required = true };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Seed JSONL (default: the built-in English and Chinese seeds)." };
        var field = new Option<string>("--field") { Description = "Field of --input that holds the seed instruction.", DefaultValueFactory = _ => "instruction" };
        var template = new Option<string>("--template") { Description = $"Chat template of the rendered input: {string.Join(", ", ChatTemplates.Names)}.", DefaultValueFactory = _ => "qwen" };
        var noTrigger = new Option<bool>("--no-cot-trigger") { Description = "Leave the CoT trigger out of the system turn (slow-thinking models, spec §5.1)." };
        var minConstraints = new Option<int>("--min-constraints") { Description = "Fewest constraints per record.", DefaultValueFactory = _ => 1 };
        var maxConstraints = new Option<int>("--max-constraints") { Description = "Most constraints per record.", DefaultValueFactory = _ => 4 };
        var variant = new Option<string>("--ifeval-variant")
        {
            Description = "Checker semantics the records target: 'official' or 'raif' (adds response_language zh-cn for Chinese seeds).",
            DefaultValueFactory = _ => "official",
        };
        variant.AcceptOnlyFromAmong("official", "raif");
        var xml = new Option<bool>("--xml") { Description = "Also use RAIF's detectable_format:xml_format." };
        var onError = new Option<string>("--on-error") { Description = "A bad --input line: 'fail' names it and stops, 'skip' reports it and goes on.", DefaultValueFactory = _ => "fail" };
        onError.AcceptOnlyFromAmong("fail", "skip");
        var command = new Command("evolve", "Evolve seeds into code-verifiable RL records (spec §3.2, §4.1-4.2).")
        {
            offline, count, seed, output, input, field, template, noTrigger, minConstraints, maxConstraints, variant, xml, onError,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (!parse.GetValue(offline))
                throw new CliUsageException("evolve needs --offline: evolution with an LLM for the semantic arguments is not available yet (docs/data.md)");
            var options = new EvolveOptions
            {
                Count = parse.GetValue(count),
                RandomSeed = parse.GetValue(seed),
                Template = ChatTemplates.Get(parse.GetValue(template)!),
                CotTrigger = !parse.GetValue(noTrigger),
                MinConstraints = parse.GetValue(minConstraints),
                MaxConstraints = parse.GetValue(maxConstraints),
                Variant = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
                IncludeXml = parse.GetValue(xml),
            };
            var error = parse.InvocationConfiguration.Error;
            IReadOnlyList<Seed> seeds = parse.GetValue(input) is { } file
                ? SeedFile.Read(file.FullName, parse.GetValue(field)!, parse.GetValue(onError) == "skip", e => error.WriteLine($"skipped: {e.Message}"), cancellationToken)
                : BuiltinSeeds.Seeds;
            var summary = OfflineEvolution.Run(seeds, options, parse.GetValue(output)!.FullName, null, cancellationToken);
            var outWriter = parse.InvocationConfiguration.Output;
            outWriter.WriteLine($"wrote {summary.Records} records to {summary.RecordsPath} (from {seeds.Count} seeds); stats in {summary.StatsPath}");
            foreach (var (language, sizes) in summary.ValidCombinations)
                outWriter.WriteLine($"valid combinations ({language}): " + string.Join(", ", sizes.Select(s => $"size {s.Key}: {s.Value}")));
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command CreateCombinations()
    {
        var size = new Option<int>("--size") { Description = "Largest combination size to count.", DefaultValueFactory = _ => 4 };
        var variant = new Option<string>("--ifeval-variant") { Description = "'official' or 'raif'.", DefaultValueFactory = _ => "official" };
        variant.AcceptOnlyFromAmong("official", "raif");
        var xml = new Option<bool>("--xml") { Description = "Include RAIF's detectable_format:xml_format in the pool." };
        var officialOnly = new Option<bool>("--official-table-only") { Description = "Use IFEval's conflict table without Raif's implied pairs." };
        var command = new Command("combinations", "Count the conflict-free constraint combinations per size and seed language.")
        {
            size, variant, xml, officialOnly,
        };
        command.SetAction(parse =>
        {
            int max = parse.GetValue(size);
            if (max < 1 || max > 8)
                throw new CliUsageException("--size must be between 1 and 8");
            var v = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official;
            var table = parse.GetValue(officialOnly) ? ConflictTable.Official : ConflictTable.Default;
            var output = parse.InvocationConfiguration.Output;
            foreach (var language in new[] { Seed.English, Seed.Chinese })
            {
                var pool = ConstraintPool.For(language, v, parse.GetValue(xml));
                output.WriteLine($"{language}: pool of {pool.Count} constraints");
                for (int k = 1; k <= max; k++)
                    output.WriteLine($"  size {k}: {Combinations.Valid(pool, k, table).Count} valid combinations");
            }
            return 0;
        });
        return command;
    }
}
