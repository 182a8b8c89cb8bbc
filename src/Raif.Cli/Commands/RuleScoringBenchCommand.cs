using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.Cello;
using Raif.Evaluation.Benchmarks.ComplexBench;
using Raif.Evaluation.Benchmarks.FollowBench;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif bench rule-scoring</c>: time scoring each benchmark's published material with no judge (CELLO: one
/// model's 13 result files; FollowBench: synthetic model 0's rule-scored items, EN and ZH; ComplexBench: the 5,280
/// synthetic rule cases), reading included.
/// </summary>
internal static class RuleScoringBenchCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The shared data folder (with cello/, followbench/ and complexbench/).", Required = true };
        var repeat = new Option<int>("--repeat") { Description = "Timed warm runs per benchmark; the median is reported.", DefaultValueFactory = _ => 5 };
        var command = new Command("rule-scoring", "Time CELLO, FollowBench and ComplexBench rule scoring of the published/synthetic files (reading + scoring, no judge).") { data, repeat };
        command.SetAction((parse, cancellationToken) =>
        {
            string root = parse.GetValue(data)!.FullName;
            int runs = parse.GetValue(repeat);
            if (runs < 1)
                throw new CliUsageException("--repeat must be at least 1");
            var output = parse.InvocationConfiguration.Output;
            string cello = Path.Combine(root, "cello");
            Time(output, "cello (gpt4 results, 525 rows)", runs, () =>
            {
                var samples = CelloEvaluation.ReadData(cello);
                CelloEvaluation.Evaluate(samples, CelloEvaluation.ReadResultFolder(Path.Combine(cello, "results", "gpt4")), cancellationToken);
            });
            foreach (var (lang, language) in new[] { ("en", FollowBenchLanguage.En), ("zh", FollowBenchLanguage.Zh) })
            {
                string fb = Path.Combine(root, "followbench");
                Time(output, $"followbench {lang} (synthetic_0, rules only)", runs, () =>
                {
                    var records = FollowBenchEvaluation.ReadData(fb, language);
                    var responses = SyntheticResponses(fb, lang, "synthetic_0");
                    FollowBenchEvaluation.Aggregate(FollowBenchEvaluation.Score(records, language, responses, null, rulesOnly: true, cancellationToken: cancellationToken));
                });
            }
            string complexbench = Path.Combine(root, "complexbench");
            Time(output, "complexbench rule (synthetic_rule_cases.jsonl, 5,280 cases)", runs, () =>
            {
                foreach (var line in JsonlReader.ReadLines(Path.Combine(complexbench, "synthetic_rule_cases.jsonl"), cancellationToken))
                    ComplexBenchRules.DecomposeJudge(line.RequiredString("rule"), ComplexBenchRules.Preprocess(line.OptionalString("output"), line.OptionalString("ass")));
            });
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Time(TextWriter output, string name, int runs, Action work)
    {
        var cold = Stopwatch.StartNew();
        work();
        double coldSeconds = cold.Elapsed.TotalSeconds;
        var seconds = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            work();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: warm median {seconds[seconds.Count / 2]:F3} s (runs {string.Join(" ", seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))}), first run {coldSeconds:F3} s"));
    }

    /// <summary>The responses of a synthetic model: its case ids mapped to the cases' generations, keyed by item id.</summary>
    internal static Dictionary<string, string> SyntheticResponses(string followbenchDir, string lang, string model)
    {
        var cases = new Dictionary<string, (string Id, string Generation)>(StringComparer.Ordinal);
        foreach (var line in JsonlReader.ReadLines(Path.Combine(followbenchDir, $"synthetic_rule_cases_{lang}.jsonl")))
        {
            string id = $"{line.RequiredString("constraint_type")}:{line.Value.GetProperty("data_index").GetInt32()}";
            cases[line.RequiredString("case_id")] = (id, line.RequiredString("generation"));
        }
        using var models = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(followbenchDir, $"synthetic_models_{lang}.json")));
        var responses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var caseId in models.RootElement.GetProperty(model).EnumerateArray())
        {
            var c = cases[caseId.GetString()!];
            responses[c.Id] = c.Generation;
        }
        return responses;
    }
}
