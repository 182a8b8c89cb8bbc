using System.Text.Json;
using Raif.Data.Export;
using Raif.Data.Pipeline;

namespace Raif.Data.Tests.Pipeline;

public sealed class PipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-pipeline-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string text)
    {
        string path = Path.Combine(_dir, "data.toml");
        File.WriteAllText(path, text);
        return path;
    }

    private const string OfflineConfig = """
        work = "run"

        [evolve]
        offline = true
        count = 40
        seed = 7

        [export]
        template = "mistral"
        """;

    [Fact]
    public async Task The_offline_pipeline_feeds_evolve_into_export_and_a_rerun_skips_finished_stages()
    {
        var config = PipelineConfig.Load(Config(OfflineConfig));
        Assert.Equal(Path.Combine(_dir, "run"), config.WorkDir);
        Assert.Equal(["evolve", "export"], config.Stages.Select(s => s.Name));
        var events = new List<PipelineEvent>();
        var files = await PipelineRunner.RunAsync(config.Stages, config.WorkDir, new RemoteModelProvider(), new SyncEvents(events));
        string rl = Path.Combine(_dir, "run", "export", ExportStage.RlFile);
        Assert.Equal(rl, files[^1].OutputPath);
        Assert.Equal(40, File.ReadAllLines(rl).Length);
        Assert.All(File.ReadAllLines(rl), line => Assert.Contains("[/INST]<think>", line, StringComparison.Ordinal));
        using (var stats = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "run", "export", ExportStage.StatsFile))))
        {
            var stages = stats.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
            Assert.Equal(["evolve", "export"], stages);
        }
        byte[] before = File.ReadAllBytes(rl);

        events.Clear();
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, new RemoteModelProvider(), new SyncEvents(events));
        Assert.Equal([PipelineEventKind.SkippedFinished, PipelineEventKind.SkippedFinished], events.Select(e => e.Kind));
        Assert.Equal(before, File.ReadAllBytes(rl));
    }

    [Fact]
    public async Task A_finished_stage_whose_settings_changed_is_an_error_naming_it()
    {
        var config = PipelineConfig.Load(Config(OfflineConfig));
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, new RemoteModelProvider());
        var changed = PipelineConfig.Load(Config(OfflineConfig.Replace("count = 40", "count = 41", StringComparison.Ordinal)));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PipelineRunner.RunAsync(changed.Stages, changed.WorkDir, new RemoteModelProvider()));
        Assert.Contains("'evolve'", error.Message, StringComparison.Ordinal);
        Assert.Contains("count=40", error.Message, StringComparison.Ordinal);
        Assert.Contains("the stages after it are then redone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redone_stage_redoes_the_stages_after_it()
    {
        var config = PipelineConfig.Load(Config(OfflineConfig));
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, new RemoteModelProvider());
        string rl = Path.Combine(_dir, "run", "export", ExportStage.RlFile);
        Assert.Equal(40, File.ReadAllLines(rl).Length);

        // evolve's settings changed and its folder deleted, as the refusal says: export runs again on the 41 new records.
        var changed = PipelineConfig.Load(Config(OfflineConfig.Replace("count = 40", "count = 41", StringComparison.Ordinal)));
        Directory.Delete(Path.Combine(_dir, "run", "evolve"), recursive: true);
        var events = new List<PipelineEvent>();
        await PipelineRunner.RunAsync(changed.Stages, changed.WorkDir, new RemoteModelProvider(), new SyncEvents(events));
        Assert.Equal(
            [("evolve", PipelineEventKind.Started), ("evolve", PipelineEventKind.Finished),
             ("export", PipelineEventKind.InputChanged), ("export", PipelineEventKind.Started), ("export", PipelineEventKind.Finished)],
            events.Select(e => (e.Stage, e.Kind)));
        Assert.Equal(41, File.ReadAllLines(rl).Length);

        events.Clear();
        await PipelineRunner.RunAsync(changed.Stages, changed.WorkDir, new RemoteModelProvider(), new SyncEvents(events));
        Assert.Equal([PipelineEventKind.SkippedFinished, PipelineEventKind.SkippedFinished], events.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_finished_stages_output_edited_by_hand_redoes_the_stage_reading_it_only()
    {
        var config = PipelineConfig.Load(Config(OfflineConfig));
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, new RemoteModelProvider());
        string records = Path.Combine(_dir, "run", "evolve", "ifeval.jsonl");
        File.WriteAllLines(records, File.ReadAllLines(records)[..37]);

        var events = new List<PipelineEvent>();
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, new RemoteModelProvider(), new SyncEvents(events));
        Assert.Equal(
            [("evolve", PipelineEventKind.SkippedFinished), ("export", PipelineEventKind.InputChanged), ("export", PipelineEventKind.Started), ("export", PipelineEventKind.Finished)],
            events.Select(e => (e.Stage, e.Kind)));
        Assert.Equal(37, File.ReadAllLines(Path.Combine(_dir, "run", "export", ExportStage.RlFile)).Length);
    }

    [Theory]
    [InlineData("work = \"run\"\n[evolve]\noffline = true\ncuont = 5\n[export]\n", "data.toml:4: evolve.cuont: unknown setting")]
    [InlineData("work = \"run\"\n[evolve]\noffline = true\ncount = \"many\"\n", "data.toml:4: evolve.count: expected an integer")]
    [InlineData("[evolve]\noffline = true\n", "work: missing")]
    [InlineData("work = \"run\"\n[export]\n[export.no_cot_score]\nmax_tokens = 5\n", "export.no_cot_score.url: give exactly one of url")]
    [InlineData("work = \"run\"\n[export]\ntemplate = \"gpt\"\n", "data.toml:3: export.template: 'gpt' is not one of")]
    [InlineData("work = \"run\"\n[evolve]\noffline = true\n[exprot]\n", "exprot: unknown setting")]
    [InlineData("work = \"run\"\n[verify]\nchecks = \"constraints,language\"\n", "data.toml:3: verify.checks: the quality checks need a chat judge")]
    [InlineData("work = \"run\"\n[verify]\nchecks = \"speling\"\n", "data.toml:3: verify.checks: unknown check 'speling'")]
    [InlineData("work = \"run\"\n[respond]\nurl = \"http://x/v1\"\ntemprature = 0\n", "data.toml:4: respond.temprature: unknown setting")]
    public void Config_mistakes_name_the_file_line_and_key(string toml, string expected)
    {
        var error = Assert.Throws<PipelineConfigException>(() => PipelineConfig.Load(Config(toml)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private sealed class SyncEvents(List<PipelineEvent> events) : IProgress<PipelineEvent>
    {
        public void Report(PipelineEvent value) => events.Add(value);
    }
}
