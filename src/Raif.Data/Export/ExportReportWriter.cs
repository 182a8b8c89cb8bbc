using System.Globalization;
using System.Text;
using Raif.Core.Jsonl;
using ScottPlot;

namespace Raif.Data.Export;

/// <summary>
/// The human side of export's statistics: <c>report.md</c> (tables) and PNG plots (per-stage counts, drop reasons,
/// constraint ids, compositions and languages, lengths). Every file is written atomically.
/// </summary>
public static class ExportReportWriter
{
    public const string ReportFile = "report.md";

    /// <summary>Writes report.md and the plots into <paramref name="folder"/>; returns the PNG files written.</summary>
    public static IReadOnlyList<string> Write(ExportStats stats, ExportSettingsEcho settings, string folder)
    {
        var plots = new List<(string File, byte[] Png)>();
        if (stats.Stages.Count > 0)
            plots.Add(("stages.png", StagesChart(stats.Stages)));
        var reasons = stats.Stages.SelectMany(s => s.DropReasons.Select(r => ($"{s.Stage}: {r.Key}", r.Value))).OrderByDescending(r => r.Value).Take(15).ToList();
        if (reasons.Count > 0)
            plots.Add(("drop_reasons.png", Bars("Drop reasons (top 15)", "records", reasons)));
        if (stats.ConstraintIds.Count > 0)
            plots.Add(("constraints.png", Bars("Constraint ids (ifeval records)", "records", [.. stats.ConstraintIds.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value))])));
        if (stats.Records > 0)
            plots.Add(("mix.png", Bars("Compositions and languages", "records",
            [.. stats.Compositions.Select(c => ($"composition: {c.Key}", c.Value)), .. stats.Languages.Select(l => ($"language: {l.Key}", l.Value))])));
        if (stats.Records > 0)
            plots.Add(("lengths.png", LengthsChart(stats)));
        foreach (var (file, png) in plots)
            AtomicFile.WriteAllBytes(Path.Combine(folder, file), png);
        AtomicFile.WriteAllText(Path.Combine(folder, ReportFile), Markdown(stats, settings, [.. plots.Select(p => p.File)]));
        return [.. plots.Select(p => Path.Combine(folder, p.File))];
    }

    private static string Markdown(ExportStats stats, ExportSettingsEcho settings, IReadOnlyList<string> plots)
    {
        var md = new StringBuilder();
        md.Append("# Export report\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{stats.Records} records exported; template `{settings.Template}`, CoT trigger {(settings.CotTrigger ? "on" : "off")}");
        md.Append(settings.NoCotModel is null ? "; no no-CoT reference score.\n\n" : $"; no-CoT reference scores from `{settings.NoCotModel}`.\n\n");
        if (stats.Stages.Count > 0)
        {
            md.Append("## Stages\n\n| stage | input | kept | dropped | retention | drop reasons |\n|---|---:|---:|---:|---:|---|\n");
            foreach (var s in stats.Stages)
            {
                string reasons = string.Join("; ", s.DropReasons.OrderByDescending(r => r.Value).Select(r => $"{Escape(r.Key)} ({r.Value})"));
                md.Append(CultureInfo.InvariantCulture, $"| {s.Stage} | {s.Input} | {s.Kept} | {s.Dropped} | {Percent(s.Retention)} | {reasons} |\n");
            }
            if (stats.Stages[0].Input > 0)
                md.Append(CultureInfo.InvariantCulture, $"\nOverall: {stats.Records} of {stats.Stages[0].Input} ({Percent((double)stats.Records / stats.Stages[0].Input)}).\n");
            md.Append('\n');
        }
        Table(md, "Tasks", "task", stats.Tasks, stats.Records);
        Table(md, "Languages", "language", stats.Languages, stats.Records);
        Table(md, "Compositions", "composition", stats.Compositions, stats.Records);
        if (stats.ConstraintsPerRecord.Count > 0)
            Table(md, "Constraints per ifeval record", "constraints", ExportStats.Keyed(stats.ConstraintsPerRecord), stats.ConstraintsPerRecord.Values.Sum());
        if (stats.ConstraintIds.Count > 0)
            Table(md, "Constraint ids", "id", stats.ConstraintIds.OrderByDescending(c => c.Value), stats.ConstraintsPerRecord.Values.Sum());
        if (stats.QuestionsPerRecord.Count > 0)
            Table(md, "Scoring questions per complex record", "questions", ExportStats.Keyed(stats.QuestionsPerRecord), stats.QuestionsPerRecord.Values.Sum());
        if (stats.NoCotScores.Count > 0)
            Table(md, "No-CoT reference scores", "score", ExportStats.Keyed(stats.NoCotScores), stats.Records);
        md.Append("## Lengths (characters)\n\n| text | language | count | mean ± std | min | median | max |\n|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var (name, byLanguage) in new[] { ("instruction", stats.InstructionLengths), ("response", stats.ResponseLengths) })
        {
            foreach (var (language, values) in byLanguage.OrderBy(kv => kv.Key == "all" ? "" : kv.Key, StringComparer.Ordinal))
                LengthRow(md, name, language, LengthSummary.Of(values));
        }
        LengthRow(md, "rendered input", "all", LengthSummary.Of([.. stats.InputLengths]));
        md.Append('\n');
        if (plots.Count > 0)
        {
            md.Append("## Plots\n\n");
            foreach (string plot in plots)
                md.Append(CultureInfo.InvariantCulture, $"![{plot}]({plot})\n\n");
        }
        return md.ToString();
    }

    private static void LengthRow(StringBuilder md, string name, string language, LengthSummary s) =>
        md.Append(CultureInfo.InvariantCulture, $"| {name} | {language} | {s.Count} | {s.Mean:F0} ± {s.StdDev:F0} | {s.Min} | {s.Median:F0} | {s.Max} |\n");

    private static void Table(StringBuilder md, string title, string column, IEnumerable<KeyValuePair<string, long>> counts, long total)
    {
        var rows = counts.ToList();
        if (rows.Count == 0)
            return;
        md.Append(CultureInfo.InvariantCulture, $"## {title}\n\n| {column} | records | share |\n|---|---:|---:|\n");
        foreach (var (key, value) in rows)
            md.Append(CultureInfo.InvariantCulture, $"| {Escape(key)} | {value} | {Percent(total == 0 ? double.NaN : (double)value / total)} |\n");
        md.Append('\n');
    }

    private static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static byte[] StagesChart(IReadOnlyList<StageCount> stages)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < stages.Count; i++)
        {
            bars.Add(new Bar { Position = i, ValueBase = 0, Value = stages[i].Kept, FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = i, ValueBase = stages[i].Kept, Value = stages[i].Input, FillColor = Colors.IndianRed, Label = Percent(stages[i].Retention) });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. stages.Select((s, i) => new Tick(i, s.Stage))]);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Records per stage: kept (blue), dropped (red), retention");
        plot.YLabel("records");
        return plot.GetImageBytes(160 + 110 * stages.Count, 420, ImageFormat.Png);
    }

    private static byte[] Bars(string title, string valueLabel, IReadOnlyList<(string Label, long Value)> rows)
    {
        var plot = new Plot();
        // Horizontal bars: labels of drop reasons and constraint ids are long.
        var bars = rows.Select((r, i) => new Bar
        {
            Position = rows.Count - 1 - i, Value = r.Value, FillColor = Colors.SteelBlue,
            Label = r.Value.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. rows.Select((r, i) => new Tick(rows.Count - 1 - i, Shorten(r.Label)))]);
        plot.Axes.Margins(left: 0);
        plot.Title(title);
        plot.XLabel(valueLabel);
        return plot.GetImageBytes(900, 120 + 26 * Math.Max(rows.Count, 2), ImageFormat.Png);
    }

    private static byte[] LengthsChart(ExportStats stats)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var (name, byLanguage) in new[] { ("instruction", stats.InstructionLengths), ("response", stats.ResponseLengths) })
        {
            if (!byLanguage.TryGetValue("all", out var values))
                continue;
            double max = Math.Max(1, values.Max());
            var histogram = ScottPlot.Statistics.Histogram.WithBinCount(30, 0, max + 1);
            histogram.AddRange([.. values.Select(v => (double)v)]);
            var bars = plot.Add.Bars(histogram.Bins, histogram.Counts);
            bars.Color = palette.GetColor(colour++).WithAlpha(0.6);
            bars.LegendText = name;
            foreach (var bar in bars.Bars)
                bar.Size = histogram.FirstBinSize;
        }
        plot.ShowLegend();
        plot.Title("Lengths (characters)");
        plot.XLabel("characters");
        plot.YLabel("records");
        return plot.GetImageBytes(800, 420, ImageFormat.Png);
    }

    private static string Shorten(string label) => label.Length <= 60 ? label : label[..57] + "...";
}
