using Raif.Data.Pipeline;

namespace Raif.Data.Tests.Pipeline;

/// <summary>The keys of <c>[seeds]</c>, <c>[evolve-rules]</c> and <c>[evolve-checklist]</c>, and which stages a config makes.</summary>
public sealed class EvolutionConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-pipeline-config-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PipelineConfig Load(string toml)
    {
        string path = Path.Combine(_dir, "data.toml");
        File.WriteAllText(path, toml);
        return PipelineConfig.Load(path);
    }

    [Theory]
    [InlineData("[evolve]\noffline = true\n[evolve-rules]\nurl = \"http://x/v1\"\nseeds = \"s.jsonl\"\n[export]\n", "evolve,evolve-rules,evolved,export")]
    [InlineData("[evolve-checklist]\nurl = \"http://x/v1\"\nseeds = \"s.jsonl\"\n[respond]\nurl = \"http://x/v1\"\n", "evolve-checklist,respond")]
    [InlineData("[seeds]\ninputs = \"pool.jsonl\"\n[evolve-checklist]\nurl = \"http://x/v1\"\n[evolve]\noffline = true\n[evolve-rules]\nurl = \"http://y/v1\"\n", "seeds,evolve,evolve-rules,evolve-checklist,evolved")]
    public void The_pipeline_runs_the_configured_evolutions_in_fixed_order_and_concatenates_two_or_more(string stageTables, string expected)
    {
        var config = Load("work = \"run\"\n" + stageTables);
        Assert.Equal(expected.Split(','), config.Stages.Select(s => s.Name));
        if (config.Stages.OfType<ConcatenateEvolvedStage>().SingleOrDefault() is { } concatenation)
            Assert.Equal(config.Stages.Where(s => s.Name.StartsWith("evolve", StringComparison.Ordinal) && s.Name != "evolved").Select(s => s.Name), concatenation.Stages);
    }

    [Fact]
    public void A_seeds_inputs_path_is_relative_to_the_config_file_and_a_single_string_is_a_list_of_one()
    {
        var config = Load("work = \"run\"\n[seeds]\ninputs = \"in/pool.jsonl\"\ncount = 3\n[evolve]\noffline = true\n");
        Assert.Contains($"inputs={Path.Combine(_dir, "in", "pool.jsonl")} ", config.Stages[0].Fingerprint, StringComparison.Ordinal);
        Assert.Contains("count=3 ", config.Stages[0].Fingerprint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[seeds]\nfield = \"text\"\n", "data.toml: seeds.inputs: missing")]
    [InlineData("[seeds]\ninputs = 5\n", "data.toml:3: seeds.inputs: expected a string or an array of strings, found an integer")]
    [InlineData("[seeds]\ninputs = [\"a.jsonl\", 2]\n", "data.toml:3: seeds.inputs: expected an array of strings, found an integer in it")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\nnear_dup_threshold = 1.5\n", "data.toml:4: seeds.near_dup_threshold: 1.5 is outside (0, 1]")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\nability_quota = 3\n", "data.toml:4: seeds.ability_quota: needs topic and ability tags: add a [seeds.tagger]")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\nkeep_topics = [\"Cooking\"]\n[seeds.tagger]\nurl = \"http://x/v1\"\n", "data.toml:4: seeds.keep_topics: unknown topic 'Cooking'")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\n[seeds.tagger]\nmodel = \"m\"\n", "seeds.tagger.url: give exactly one of url")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\n[seeds.tagger]\nurl = \"http://x/v1\"\nattempt = 2\n", "data.toml:6: seeds.tagger.attempt: unknown setting")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\nsemantic_dedupe = 0.9\n", "data.toml:4: seeds.semantic_dedupe: unknown setting")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\n[evolve]\noffline = true\nseeds = \"s.jsonl\"\n", "data.toml:6: evolve.seeds: the [seeds] stage feeds every evolution stage")]
    [InlineData("[seeds]\ninputs = \"a.jsonl\"\n[evolve-rules]\nurl = \"http://x/v1\"\nfield = \"prompt\"\n", "data.toml:6: evolve-rules.field: the [seeds] stage's records hold the instruction in \"text\"")]
    [InlineData("[evolve-rules]\nurl = \"http://x/v1\"\n", "data.toml: evolve-rules.seeds: missing: give a seed file, or add a [seeds] stage")]
    [InlineData("[evolve-checklist]\nurl = \"http://x/v1\"\n", "data.toml: evolve-checklist.seeds: missing")]
    [InlineData("[evolve-rules]\nseeds = \"s.jsonl\"\n", "evolve-rules.url: give exactly one of url")]
    [InlineData("[evolve-rules]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\non_broken_reply = \"retry\"\n", "data.toml:5: evolve-rules.on_broken_reply: 'retry' is not one of drop, seed-words")]
    [InlineData("[evolve-rules]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\nmin_constraints = 3\nmax_constraints = 2\n", "data.toml:6: evolve-rules.max_constraints: 2 is below min_constraints 3")]
    [InlineData("[evolve-rules]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\ntemperature = -1\n", "data.toml:5: evolve-rules.temperature: -1 is below 0")]
    [InlineData("[evolve-rules]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\ncount = 10\n", "data.toml:5: evolve-rules.count: unknown setting")]
    [InlineData("[evolve-checklist]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\nexmaples = \"shots\"\n", "data.toml:5: evolve-checklist.exmaples: unknown setting")]
    [InlineData("[evolve-checklist]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\nexamples = \"no-such-folder\"\n", "data.toml:5: evolve-checklist.examples: folder")]
    [InlineData("[evolve-checklist]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\nreply_retries = \"two\"\n", "data.toml:5: evolve-checklist.reply_retries: expected an integer, found a string")]
    [InlineData("[evolve]\noffline = false\n", "data.toml:3: evolve.offline: [evolve] is the offline evolution: set offline = true; model evolution is [evolve-rules] and [evolve-checklist]")]
    [InlineData("[evolve_rules]\nurl = \"http://x/v1\"\n", "data.toml:2: evolve_rules: unknown setting")]
    public void Mistakes_in_the_new_tables_name_the_file_line_and_key(string stageTables, string expected)
    {
        var error = Assert.Throws<PipelineConfigException>(() => Load("work = \"run\"\n" + stageTables));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_evolve_checklist_setting_changes_its_fingerprint_so_a_finished_stage_is_refused()
    {
        string Fingerprint(string extra) => Load("work = \"run\"\n[evolve-checklist]\nseeds = \"s.jsonl\"\nurl = \"http://x/v1\"\n" + extra).Stages[0].Fingerprint;
        string plain = Fingerprint("");
        Assert.NotEqual(plain, Fingerprint("seed = 2\n"));
        Assert.NotEqual(plain, Fingerprint("temperature = 0.7\n"));
        Assert.NotEqual(plain, Fingerprint("template = \"llama3\"\n"));
        Assert.NotEqual(plain, Fingerprint("model = \"other\"\n"));
        Assert.Equal(plain, Fingerprint("concurrency = 16\n")); // how fast, not what: a resumed run may change it
    }
}
