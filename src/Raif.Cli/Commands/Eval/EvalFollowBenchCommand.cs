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
        var responses = new Option<FileInfo?>("--responses") { Description = "JSONL {\"id\": \"<constraint_type>:<data_index>\", \"response\": ...}; needed for rule items and for judged items not in --judgments." };
        var rulesOnly = new Option<bool>("--rules-only") { Description = "Score only rule-scored items; judged items are reported unscored." };
        var outputDir = new Option<DirectoryInfo>("--output-dir") { Description = "Where items.jsonl, scores.json, report.md and judgments.jsonl are written.", Required = true };
        var judge = new EvalJudgeCliOptions();
        var command = new Command("followbench", "Score FollowBench: upstream's rule code for rule items, the judge's YES/NO lists for the rest; HSR, SSR, CSL.")
        {
            data, lang, responses, rulesOnly, outputDir,
        };
        judge.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var language = parse.GetValue(lang) == "zh" ? FollowBenchLanguage.Zh : FollowBenchLanguage.En;
            bool onlyRules = parse.GetValue(rulesOnly);
            var records = FollowBenchEvaluation.ReadData(parse.GetValue(data)!.FullName, language);
            var responseFile = parse.GetValue(responses);
            var answers = responseFile is null ? new Dictionary<string, string>() : FollowBenchEvaluation.ReadResponses(responseFile.FullName);
            string outDir = parse.GetValue(outputDir)!.FullName;
            IReadOnlyList<FollowBenchItem> items;
            int calls = 0;
            if (onlyRules)
            {
                using var client = new JudgeClient(null, JudgmentLog.InMemory());
                items = await FollowBenchEvaluation.ScoreAsync(records, language, answers, client, rulesOnly: true, responseFile?.FullName ?? "--responses", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Directory.CreateDirectory(outDir);
                using var opened = await judge.OpenAsync(parse, outDir, output, cancellationToken).ConfigureAwait(false);
                items = await FollowBenchEvaluation.ScoreAsync(records, language, answers, opened.Client, rulesOnly: false, responseFile?.FullName ?? "--responses", cancellationToken).ConfigureAwait(false);
                calls = opened.Client.Calls;
            }
            var scores = FollowBenchEvaluation.Aggregate(items);
            string report = FollowBenchEvaluation.Report(scores, language, onlyRules, items.Count, items.Count(i => !i.Scored));
            EvalOutputFolder.Write(outDir, items.Select(FollowBenchEvaluation.ItemJson), FollowBenchEvaluation.ScoresJson(scores, language, onlyRules), report);
            await output.WriteLineAsync(report).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {outDir}/{{items.jsonl,scores.json,report.md}}; {calls} judge calls").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
