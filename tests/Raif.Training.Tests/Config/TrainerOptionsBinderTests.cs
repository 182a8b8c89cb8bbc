using Raif.Training.Algorithms;
using Raif.Training.Config;

namespace Raif.Training.Tests.Config;

public sealed class TrainerOptionsBinderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Defaults_are_the_papers()
    {
        var o = new TrainerOptions();
        Assert.Equal((8, 2, 32, 128), (o.SamplesPerPrompt, o.NoCotSamples, o.RolloutBatchSize, o.TrainBatchSize));
        Assert.Equal((1e-6, 0.9, 0.95, 0.0, 1.0), (o.LearningRate, o.AdamBeta1, o.AdamBeta2, o.WeightDecay, o.GradientClip));
        Assert.Equal((0.03, 0.1, 0.2, 0.001, 1.0), (o.WarmupRatio, o.MinLearningRateRatio, o.ClipEpsilonLow, o.KlCoefficient, o.BehaviourCloningCoefficient));
        Assert.Equal(1.0, o.Temperature);
    }

    [Fact]
    public void Toml_sets_values_of_every_type()
    {
        string path = Write("run.toml", "learning_rate = 3e-4\nsamples_per_prompt = 4\nno_cot_samples = 1\nsuperior_cot = \"released\"\ndynamic_sampling = true\nbehaviour_cloning_scope = \"full_sequence\"\n");
        var o = TrainerOptionsBinder.LoadFile(path);
        Assert.Equal(3e-4, o.LearningRate);
        Assert.Equal(4, o.SamplesPerPrompt);
        Assert.Equal(SuperiorCotMode.Released, o.SuperiorCot);
        Assert.True(o.DynamicSampling);
        Assert.Equal(BehaviourCloningScope.FullSequence, o.BehaviourCloningScope);
    }

    [Fact]
    public void Unknown_toml_key_names_file_line_and_a_suggestion()
    {
        string path = Write("bad.toml", "seed = 1\nlearnig_rate = 1e-5\n");
        var e = Assert.Throws<TrainerConfigException>(() => TrainerOptionsBinder.LoadFile(path));
        Assert.Equal($"{path}:2: unknown key 'learnig_rate' (did you mean 'learning_rate'?)", e.Message);
    }

    [Fact]
    public void Ill_typed_json_value_names_file_line_and_key()
    {
        string path = Write("bad.json", "{\n  \"seed\": 3,\n  \"micro_batch_size\": \"big\"\n}\n");
        var e = Assert.Throws<TrainerConfigException>(() => TrainerOptionsBinder.LoadFile(path));
        Assert.Equal($"{path}:3: key 'micro_batch_size': expected an integer, found 'big'", e.Message);
    }

    [Fact]
    public void Bad_enum_lists_the_choices()
    {
        string path = Write("e.toml", "superior_cot = \"sometimes\"\n");
        var e = Assert.Throws<TrainerConfigException>(() => TrainerOptionsBinder.LoadFile(path));
        Assert.Contains("expected one of off, released, paper", e.Message);
    }

    [Fact]
    public void Overrides_win_and_accept_dashes()
    {
        var o = TrainerOptionsBinder.ApplyOverrides(new TrainerOptions(), ["kl-coefficient=0.01", "seed=9"]);
        Assert.Equal(0.01, o.KlCoefficient);
        Assert.Equal(9, o.Seed);
        var e = Assert.Throws<TrainerConfigException>(() => TrainerOptionsBinder.ApplyOverrides(new TrainerOptions(), ["seed"]));
        Assert.Contains("expected key=value", e.Message);
    }

    [Fact]
    public void Validation_names_the_key()
    {
        var e = Assert.Throws<TrainerConfigException>(() => TrainerOptionsBinder.Validate(new TrainerOptions { NoCotSamples = 8 }));
        Assert.StartsWith("setting 'no_cot_samples'", e.Message);
        var e2 = Assert.Throws<TrainerConfigException>(() => TrainerOptionsBinder.Validate(new TrainerOptions { PolicyModel = "/nonexistent/model" }));
        Assert.StartsWith("setting 'policy_model'", e2.Message);
        TrainerOptionsBinder.Validate(new TrainerOptions());
    }

    [Fact]
    public void Every_setting_has_a_description()
    {
        Assert.All(TrainerOptionsBinder.Settings, s => Assert.False(string.IsNullOrWhiteSpace(s.Description), s.Key));
        Assert.Contains(TrainerOptionsBinder.Settings, s => s.Key == "behaviour_cloning_coefficient" && s.DefaultText == "1");
    }
}
