using System.CommandLine;
using System.Text.Json;
using Raif.Core.Judging;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Rewards;
using Raif.Verifiers.IfEval;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary><c>raif reward score</c>: the RAIF reward (spec §6–7) for a file of rollouts.</summary>
internal static class RewardCommand
{
    /// <summary>Rollouts scored per batch: large enough to keep every core and a judge busy, small enough to stream.</summary>
    internal const int BatchSize = 2048;

    public static Command Create()
    {
        var command = new Command("reward", "Compute RAIF rewards (format, verifiable constraints, judge checklists, maths).");
        command.Add(CreateScore());
        return command;
    }

    private static Command CreateScore()
    {
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "Rollouts JSONL: id, input (rendered prompt ending with <think>), output (generated text), target, task. " +
                "task routes the answer check: 'default' (maths, target = reference answer), 'ifeval…' (target = {instruction_id_list, kwargs}, " +
                "IFEval's checkers), 'ifbench…' (the same target, IFBench's 58 out-of-distribution checkers allowed beside IFEval's), " +
                "'complex…' (target = judge scoring questions); a 'woFormat' suffix skips the format check.",
            Required = true,
        };
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Scored JSONL, one line per rollout in input order (written atomically).",
            Required = true,
        };
        var onError = new Option<string>("--on-error")
        {
            Description = "A line that cannot be read or scored: 'fail' stops the run naming the line, 'skip' reports it and goes on.",
            DefaultValueFactory = _ => "fail",
        };
        onError.AcceptOnlyFromAmong("fail", "skip");
        var noReasoning = new Option<bool>("--no-reasoning-required")
        {
            Description = "Score answers without requiring a non-empty reasoning block (for reasoning-free rollouts).",
        };
        var variant = new Option<string>("--ifeval-variant")
        {
            Description = "Checker semantics for IFEval's ids in ifeval and ifbench tasks: 'official' (Google's IFEval) or 'raif' (RAIF's variant).",
            DefaultValueFactory = _ => "official",
        };
        variant.AcceptOnlyFromAmong("official", "raif");
        var judgeOptions = new JudgeCliOptions();
        var command = new Command("score", "Score every rollout of a JSONL file and write the rewards with their audit reasons.")
        {
            input, output, onError, noReasoning, variant,
        };
        judgeOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new RewardOptions
            {
                RequireReasoning = !parse.GetValue(noReasoning),
                IfevalVariant = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
            };
            // Complex-task lines need a judge: a local model folder (--judge) or a judge server (--judge-url);
            // without one they fail (or are skipped) with "no judge configured".
            var (judge, judgeModel) = await judgeOptions.CreateAsync(parse, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
            using var ownedJudgeModel = judgeModel;
            var run = new ScoreRun(
                parse.GetValue(input)!.FullName,
                parse.GetValue(output)!.FullName,
                parse.GetValue(onError) == "skip",
                new RewardCalculator(options, judge),
                parse.InvocationConfiguration.Error);
            var summary = await run.ExecuteAsync(ShowProgress(), cancellationToken).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine(
                $"scored {summary.Scored} rollouts into {run.OutputPath}" +
                (summary.Skipped > 0 ? $"; skipped {summary.Skipped} lines (listed above)" : "") +
                $"; mean total reward {summary.MeanTotal:0.####}");
            return 0;
        });
        return command;
    }

    // Progress bars only for a person watching a terminal.
    private static bool ShowProgress() => !Console.IsOutputRedirected;

    internal sealed record Summary(long Scored, long Skipped, double MeanTotal);

    /// <summary>One scoring run: streams the input in batches, scores each batch, writes results in order.</summary>
    internal sealed class ScoreRun(string inputPath, string outputPath, bool skipBadLines, RewardCalculator calculator, TextWriter errors)
    {
        public string OutputPath => outputPath;

        public async Task<Summary> ExecuteAsync(bool showProgress, CancellationToken cancellationToken)
        {
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"{inputPath}: file not found", inputPath);
            if (!showProgress)
                return await ScoreAllAsync(null, cancellationToken).ConfigureAwait(false);
            long total = CountLines(inputPath);
            Summary? summary = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("scoring rollouts", maxValue: Math.Max(1, total));
                    summary = await ScoreAllAsync(lines => task.Value = lines, cancellationToken).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);
            return summary!;
        }

        private async Task<Summary> ScoreAllAsync(Action<long>? progress, CancellationToken cancellationToken)
        {
            using var writer = new JsonlWriter(outputPath);
            long scored = 0, skipped = 0;
            double sum = 0;
            var batch = new List<(long Line, JsonElement? Id, Rollout Rollout)>(BatchSize);
            long lastLine = 0;

            async Task FlushAsync()
            {
                if (batch.Count == 0)
                    return;
                var results = await calculator.ScoreBatchAsync([.. batch.Select(b => RewardInput.From(b.Rollout))], cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < results.Count; i++)
                {
                    var result = results[i];
                    if (result.Error is not null)
                    {
                        Reject(new JsonlException(inputPath, batch[i].Line, null, result.Error));
                        skipped++;
                        continue;
                    }
                    writer.Write(json => WriteResult(json, batch[i].Id, result));
                    scored++;
                    sum += result.Total;
                }
                batch.Clear();
                progress?.Invoke(lastLine);
            }

            foreach (var entry in JsonlReader.ReadEntries(inputPath, cancellationToken))
            {
                lastLine = entry.LineNumber;
                if (entry.Error is not null)
                {
                    Reject(entry.Error);
                    skipped++;
                    continue;
                }
                var line = entry.Line!.Value;
                Rollout rollout;
                try
                {
                    rollout = Rollout.FromJsonl(line);
                }
                catch (JsonlException e)
                {
                    Reject(e);
                    skipped++;
                    continue;
                }
                JsonElement? id = line.Value.TryGetProperty("id", out var idValue) ? idValue : null;
                batch.Add((entry.LineNumber, id, rollout));
                if (batch.Count == BatchSize)
                    await FlushAsync().ConfigureAwait(false);
            }
            await FlushAsync().ConfigureAwait(false);
            writer.Commit();
            return new Summary(scored, skipped, scored == 0 ? 0 : sum / scored);
        }

        // Fails the run, or reports the line and lets the caller skip it; a line is never dropped silently.
        private void Reject(JsonlException error)
        {
            if (!skipBadLines)
                throw error;
            errors.WriteLine($"skipped: {error.Message}");
        }
    }

    /// <summary>One output line, fields in the documented order.</summary>
    internal static void WriteResult(Utf8JsonWriter json, JsonElement? id, RewardResult r)
    {
        json.WriteStartObject();
        json.WritePropertyName("id");
        if (id is { } value)
            value.WriteTo(json);
        else
            json.WriteNullValue();
        json.WriteBoolean("format_valid", r.FormatValid);
        json.WriteNumber("format_reward", r.FormatReward);
        json.WriteNumber("answer_reward", r.AnswerReward);
        json.WriteNumber("total", r.Total);
        if (r.PassCount is { } pass)
            json.WriteNumber("pass_count", pass);
        else
            json.WriteNull("pass_count");
        json.WriteNumber("n", r.N);
        json.WriteBoolean("scored", r.Scored);
        json.WriteNumber("accuracy", r.Accuracy);
        json.WriteBoolean("superior", r.Superior);
        json.WriteString("reason", r.Reason);
        json.WritePropertyName("follow_list");
        if (r.FollowList is { } follow)
        {
            json.WriteStartArray();
            foreach (bool f in follow)
                json.WriteBooleanValue(f);
            json.WriteEndArray();
        }
        else
        {
            json.WriteNullValue();
        }
        json.WriteEndObject();
    }

    private static long CountLines(string path)
    {
        long count = 0;
        var buffer = new byte[1 << 16];
        using var stream = File.OpenRead(path);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        return count;
    }
}
