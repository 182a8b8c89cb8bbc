using System.CommandLine;
using Raif.Evaluation.Benchmarks.FollowBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;

namespace Raif.Cli.Commands.Eval;

/// <summary><c>raif eval followbench</c>: FollowBench's rule checks and judge verdicts, HSR/SSR per level and CSL.</summary>
internal static class EvalFollowBenchCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "FollowBench folder (with data/ and data_zh/).", Required = true };
        var lang = new Option<string>("--lang") { Description = "en (data/, code/) or zh (data_zh/, code_zh/).", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var responses = new Option<FileInfo?>("--responses") { Description = "JSONL {\"id\": \"<constraint_type>:<data_index>\", \"response\": ...}; needed for rule-scored items." };
        var judgments = new Option<FileInfo?>("--judgments") { Description = "JSONL of raw judge replies {\"id\", \"reply\"} for the judged items." };
        var rulesOnly = new Option<bool>("--rules-only") { Description = "Score only rule-scored items; judged items are reported unscored." };
        var outputDir = new Option<DirectoryInfo>("--output-dir") { Description = "Where items.jsonl, scores.json and report.md are written.", Required = true };
        var command = new Command("followbench", "Score FollowBench: upstream's rule code for rule items, the judge's YES/NO lists for the rest; HSR, SSR, CSL.")
        {
            data, lang, responses, judgments, rulesOnly, outputDir,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var language = parse.GetValue(lang) == "zh" ? FollowBenchLanguage.Zh : FollowBenchLanguage.En;
            bool onlyRules = parse.GetValue(rulesOnly);
            var judgmentsFile = parse.GetValue(judgments);
            if (!onlyRules && judgmentsFile is null)
                throw new CliUsageException("followbench: give --judgments with the judge's replies, or --rules-only (live judge calls are not wired into this command yet)");
            var records = FollowBenchEvaluation.ReadData(parse.GetValue(data)!.FullName, language);
            var responseFile = parse.GetValue(responses);
            var answers = responseFile is null ? new Dictionary<string, string>() : FollowBenchEvaluation.ReadResponses(responseFile.FullName);
            using var log = JudgmentLog.InMemory();
            if (judgmentsFile is not null)
                log.Import(judgmentsFile.FullName);
            var items = FollowBenchEvaluation.Score(records, language, answers, log, onlyRules, responseFile?.FullName ?? "--responses", cancellationToken);
            var scores = FollowBenchEvaluation.Aggregate(items);
            string report = FollowBenchEvaluation.Report(scores, language, onlyRules, items.Count, items.Count(i => !i.Scored));
            string outDir = parse.GetValue(outputDir)!.FullName;
            EvalOutputFolder.Write(outDir, items.Select(FollowBenchEvaluation.ItemJson), FollowBenchEvaluation.ScoresJson(scores, language, onlyRules), report);
            parse.InvocationConfiguration.Output.WriteLine(report);
            return Task.FromResult(0);
        });
        return command;
    }
}
