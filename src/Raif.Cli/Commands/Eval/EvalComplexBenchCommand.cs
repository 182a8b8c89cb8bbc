using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.ComplexBench;
using Raif.Evaluation.Output;

namespace Raif.Cli.Commands.Eval;

/// <summary>
/// <c>raif eval complexbench</c>: the full evaluation (extractor and judge calls, rules, dependency-aware
/// aggregation) of a response file against upstream's data_final.json; and its deterministic stages as sub-commands
/// (<c>rule</c>, <c>aggregate</c>) for users who already have extractor replies or verdicts.
/// </summary>
internal static class EvalComplexBenchCommand
{
    public static Command Create()
    {
        var options = new JudgedEvalOptions(
            "ComplexBench folder holding upstream's data_final.json (instructions, scoring questions, rules, dependencies).",
            "Responses: upstream's llm_generations JSONL ({main_id, generated, ...}, paired with data_final.json by position as upstream does) or JSONL {\"id\": main_id, \"response\": ...}.",
            takesPromptFile: false);
        var language = new Option<string>("--lang") { Description = "Texts shown to the extractor and judge: zh (instruction, question) or en (instruction_en, question_en), as upstream's --language.", DefaultValueFactory = _ => "zh" };
        language.AcceptOnlyFromAmong("zh", "en");
        var command = new Command("complexbench",
            "Score ComplexBench: rule questions through the extractor LLM and the rule, the others through the judge; dependency-aware DRFR (overall_drfr and upstream's statistics). Sub-commands run the deterministic stages alone.")
        {
            CreateRule(),
            CreateAggregate(),
        };
        options.AddTo(command);
        command.Add(language);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var items = ComplexBenchData.ReadItems(options.DataDir(parse));
            string? responsesPath = options.ResponsesPath(parse);
            var responses = responsesPath is null ? null : ComplexBenchData.ReadResponses(responsesPath, items, cancellationToken);
            string outDir = options.OutputPath(parse);
            var lang = parse.GetValue(language) == "en" ? ComplexBenchLanguage.En : ComplexBenchLanguage.Zh;
            using var judge = await options.Judge.OpenAsync(parse, outDir, output, cancellationToken).ConfigureAwait(false);
            var results = await ComplexBenchScorer.ScoreAsync(items, responses, judge.Client, lang,
                JudgedEvalOptions.ProgressLines(output, "complexbench"), cancellationToken).ConfigureAwait(false);
            var scores = ComplexBenchReport.Scores(results);
            string report = ComplexBenchReport.Markdown(results, scores);
            EvalOutputFolder.Write(outDir, results.Select(ComplexBenchReport.ItemJson), scores, report);
            await output.WriteAsync(report).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {outDir}/{{items.jsonl,scores.json,report.md}}; {judge.Client.Calls} judge calls").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateRule()
    {
        var cases = new Option<FileInfo>("--cases") { Description = "JSONL {case_id, rule, output, ass}: ass is the extractor's reply (or null).", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "JSONL written: {case_id, rs, point_judge} with point_judge true/false/2.", Required = true };
        var command = new Command("rule", "Apply upstream preprocess (extractor reply to spans) and decompose_judge (the rule) to each case.") { cases, output };
        command.SetAction((parse, cancellationToken) =>
        {
            string outPath = parse.GetValue(output)!.FullName;
            int count = 0;
            using (var writer = new JsonlWriter(outPath))
            {
                foreach (var line in JsonlReader.ReadLines(parse.GetValue(cases)!.FullName, cancellationToken))
                {
                    string caseId = line.StringOrRawJson("case_id") ?? throw line.Error("case_id", "missing");
                    string rule = line.RequiredString("rule");
                    var spans = ComplexBenchRules.Preprocess(line.OptionalString("output"), line.OptionalString("ass"));
                    ComplexBenchVerdict verdict;
                    try
                    {
                        verdict = ComplexBenchRules.DecomposeJudge(rule, spans);
                    }
                    catch (InvalidDataException e)
                    {
                        throw line.Error("rule", e.Message, e);
                    }
                    var result = new JsonObject
                    {
                        ["case_id"] = caseId,
                        ["rs"] = new JsonArray([.. spans.Select(s => JsonValue.Create(s))]),
                        ["point_judge"] = ComplexBenchAggregation.VerdictJson(verdict),
                    };
                    writer.Write(w => result.WriteTo(w));
                    count++;
                }
                writer.Commit();
            }
            parse.InvocationConfiguration.Output.WriteLine($"{count} cases judged; wrote {outPath}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command CreateAggregate()
    {
        var entries = new Option<FileInfo>("--entries") { Description = "Entries in data_final.json's schema (a JSON array, or an object with 'entries').", Required = true };
        var pointJudges = new Option<FileInfo>("--point-judges") { Description = "One list of true/false/2 per entry (a JSON array, or an object with 'point_judges').", Required = true };
        var variant = new Option<string?>("--variant") { Description = "Which named variant of point_judges to use, when the file holds several." };
        var output = new Option<FileInfo>("--output") { Description = "JSON written: {point_judges_rely, statistics} with upstream's statistics keys.", Required = true };
        var command = new Command("aggregate", "Dependency-aware aggregation (upstream aggregation.py): point_judges_rely and statistics.") { entries, pointJudges, variant, output };
        command.SetAction((parse, _) =>
        {
            string entriesPath = parse.GetValue(entries)!.FullName;
            string judgesPath = parse.GetValue(pointJudges)!.FullName;
            var list = ComplexBenchAggregation.ReadEntries(entriesPath);
            var judges = ComplexBenchAggregation.ReadPointJudges(judgesPath, parse.GetValue(variant));
            if (judges.Count != list.Count)
                throw new JsonlException(judgesPath, 1, "point_judges", $"has {judges.Count} lists for {list.Count} entries in {entriesPath}");
            var rely = new List<IReadOnlyList<ComplexBenchVerdict>>();
            for (int e = 0; e < list.Count; e++)
            {
                if (judges[e].Count != list[e].Questions.Count)
                    throw new JsonlException(judgesPath, 1, $"point_judges[{e}]", $"has {judges[e].Count} verdicts for {list[e].Questions.Count} scoring questions of main_id {list[e].MainId}");
                rely.Add(ComplexBenchAggregation.Rely(list[e], judges[e]));
            }
            var result = new JsonObject
            {
                ["point_judges_rely"] = new JsonArray([.. rely.Select(r => new JsonArray([.. r.Select(ComplexBenchAggregation.VerdictJson)]))]),
                ["statistics"] = ComplexBenchAggregation.Statistics(list, rely),
            };
            string outPath = parse.GetValue(output)!.FullName;
            AtomicFile.WriteAllText(outPath, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
            parse.InvocationConfiguration.Output.WriteLine($"overall_drfr {result["statistics"]!["overall_drfr"]}; wrote {outPath}");
            return Task.FromResult(0);
        });
        return command;
    }
}
