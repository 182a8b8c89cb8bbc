using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Raif.Training.Config;

/// <summary>A configuration problem; the message names the file (or "--set"), the line when known, and the key.</summary>
public sealed class TrainerConfigException(string message) : Exception(message);

/// <summary>
/// Reads <see cref="TrainerOptions"/> from TOML or JSON plus <c>key=value</c> overrides, with every key checked
/// against the known settings and every value against its type, so mistakes fail before any model is loaded.
/// </summary>
public static class TrainerOptionsBinder
{
    /// <summary>One setting: its key, type, default and description (for help and validation).</summary>
    public sealed record Setting(string Key, PropertyInfo Property, string Description, string DefaultText);

    /// <summary>All settings in declaration order.</summary>
    public static readonly IReadOnlyList<Setting> Settings = typeof(TrainerOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => new Setting(
            SnakeCase(p.Name),
            p,
            p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "",
            FormatValue(p.GetValue(new TrainerOptions()))))
        .ToList();

    private static readonly Dictionary<string, Setting> ByKey = Settings.ToDictionary(s => s.Key, StringComparer.Ordinal);

    /// <summary>Loads a .toml or .json file (by extension) on top of <paramref name="baseOptions"/>.</summary>
    public static TrainerOptions LoadFile(string path, TrainerOptions? baseOptions = null)
    {
        if (!File.Exists(path))
            throw new TrainerConfigException($"{path}: configuration file not found");
        string text = File.ReadAllText(path, Encoding.UTF8);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".toml" => FromToml(text, path, baseOptions ?? new TrainerOptions()),
            ".json" => FromJson(text, path, baseOptions ?? new TrainerOptions()),
            _ => throw new TrainerConfigException($"{path}: configuration must be .toml or .json"),
        };
    }

    /// <summary>Applies <c>key=value</c> overrides (from <c>--set</c>).</summary>
    public static TrainerOptions ApplyOverrides(TrainerOptions options, IEnumerable<string> overrides)
    {
        var values = new Dictionary<string, (object? Value, string Where)>(StringComparer.Ordinal);
        foreach (var item in overrides)
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new TrainerConfigException($"--set {item}: expected key=value");
            string key = item[..eq].Trim().Replace('-', '_');
            values[key] = (item[(eq + 1)..].Trim(), $"--set {item}");
        }
        return Bind(options, values);
    }

    /// <summary>Checks ranges and relations between settings; throws naming the key.</summary>
    public static void Validate(TrainerOptions o)
    {
        void Require(bool ok, string key, string problem)
        {
            if (!ok)
                throw new TrainerConfigException($"setting '{key}': {problem}");
        }
        Require(o.SamplesPerPrompt >= 2, "samples_per_prompt", "must be at least 2 (GRPO compares samples within a group)");
        Require(o.NoCotSamples >= 0 && o.NoCotSamples < o.SamplesPerPrompt, "no_cot_samples", $"must be in [0, samples_per_prompt) = [0, {o.SamplesPerPrompt})");
        Require(o.SuperiorCot == Algorithms.SuperiorCotMode.Off || o.NoCotSamples > 0, "no_cot_samples", "superior_cot needs at least one no-CoT sample per group (or set superior_cot = \"off\")");
        Require(o.RolloutBatchSize >= 1, "rollout_batch_size", "must be at least 1");
        Require(o.TrainBatchSize >= 1, "train_batch_size", "must be at least 1");
        Require(o.MicroBatchSize >= 1, "micro_batch_size", "must be at least 1");
        Require(o.LearningRate > 0 && o.LearningRate < 1, "learning_rate", "must be in (0, 1)");
        Require(o.AdamBeta1 is >= 0 and < 1, "adam_beta1", "must be in [0, 1)");
        Require(o.AdamBeta2 is >= 0 and < 1, "adam_beta2", "must be in [0, 1)");
        Require(o.WeightDecay >= 0, "weight_decay", "must be ≥ 0");
        Require(o.GradientClip >= 0, "gradient_clip", "must be ≥ 0");
        Require(o.WarmupRatio is >= 0 and < 1, "warmup_ratio", "must be in [0, 1)");
        Require(o.MinLearningRateRatio is >= 0 and <= 1, "min_learning_rate_ratio", "must be in [0, 1]");
        Require(o.ClipEpsilonLow is > 0 and < 1, "clip_epsilon_low", "must be in (0, 1)");
        Require(o.ClipEpsilonHigh > 0, "clip_epsilon_high", "must be > 0");
        Require(o.KlCoefficient >= 0, "kl_coefficient", "must be ≥ 0");
        Require(o.BehaviourCloningCoefficient >= 0, "behaviour_cloning_coefficient", "must be ≥ 0");
        Require(o.Temperature > 0, "temperature", "must be > 0 (rollouts are sampled)");
        Require(o.TopP is > 0 and <= 1, "top_p", "must be in (0, 1]");
        Require(o.TopK >= 0, "top_k", "must be ≥ 0");
        Require(o.MaxPromptLength >= 8, "max_prompt_length", "must be at least 8");
        Require(o.GenerationBatchSize >= 0, "generation_batch_size", "must be ≥ 0");
        Require(o.MaxGenerationLength >= 1, "max_generation_length", "must be at least 1");
        Require(o.Episodes >= 1, "episodes", "must be at least 1");
        Require(o.MaxSteps >= 0, "max_steps", "must be ≥ 0");
        Require(o.CheckpointInterval >= 0, "checkpoint_interval", "must be ≥ 0");
        Require(o.CheckpointsKept >= 1, "checkpoints_kept", "must be at least 1");
        Require(o.Threads >= 0, "threads", "must be ≥ 0");
        Require(o.Device is "cpu" or "cuda" || o.Device.StartsWith("cuda:", StringComparison.Ordinal), "device", $"'{o.Device}' is not cpu, cuda or cuda:N");
        Require(o.PolicyModel is null || Directory.Exists(o.PolicyModel), "policy_model", $"folder '{o.PolicyModel}' does not exist");
        Require(o.ReferenceModel is null || Directory.Exists(o.ReferenceModel), "reference_model", $"folder '{o.ReferenceModel}' does not exist");
        Require(o.JudgeModel is null || Directory.Exists(o.JudgeModel), "judge_model", $"folder '{o.JudgeModel}' does not exist");
        Require(o.PromptData is null || File.Exists(o.PromptData), "prompt_data", $"file '{o.PromptData}' does not exist");
        Require(o.SftData is null || File.Exists(o.SftData), "sft_data", $"file '{o.SftData}' does not exist");
        Require(o.PolicyModel is null || o.PromptData is not null, "prompt_data", "is required when policy_model is given");
        Require(o.BehaviourCloningCoefficient == 0 || o.PolicyModel is null || o.SftData is not null, "sft_data",
            "is required when behaviour_cloning_coefficient > 0 (or set it to 0)");
    }

    private static TrainerOptions FromToml(string text, string path, TrainerOptions baseOptions)
    {
        var doc = SyntaxParser.Parse(TomlLexer.Create(text, path));
        if (doc.HasErrors)
        {
            var first = doc.Diagnostics.First();
            throw new TrainerConfigException($"{path}:{first.Span.Start.Line + 1}: {first.Message}");
        }
        var table = doc.Tables.FirstOrDefault();
        if (table is not null)
            throw new TrainerConfigException($"{path}:{table.Span.Start.Line + 1}: tables are not used; write every setting as a top-level key");
        // Values come from the serializer (full TOML string decoding); the syntax tree only supplies line numbers.
        var model = TomlSerializer.Deserialize<TomlTable>(text)!;
        var lines = doc.KeyValues.ToDictionary(kv => kv.Key!.ToString().Trim(), kv => kv.Span.Start.Line + 1, StringComparer.Ordinal);
        var values = new Dictionary<string, (object? Value, string Where)>(StringComparer.Ordinal);
        foreach (var (key, raw) in model)
        {
            string where = $"{path}:{lines.GetValueOrDefault(key, 1)}";
            object? value = raw switch
            {
                string or bool or long or double => raw,
                _ => throw new TrainerConfigException($"{where}: key '{key}': expected a string, number or boolean"),
            };
            values[key] = (value, where);
        }
        return Bind(baseOptions, values);
    }

    private static TrainerOptions FromJson(string text, string path, TrainerOptions baseOptions)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TrainerConfigException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new TrainerConfigException($"{path}: expected a JSON object of settings");
            var lines = PropertyLines(text);
            var values = new Dictionary<string, (object? Value, string Where)>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                string where = $"{path}:{lines.GetValueOrDefault(p.Name, 1)}";
                object? value = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => p.Value.TryGetInt64(out long l) ? (object)l : p.Value.GetDouble(),
                    _ => throw new TrainerConfigException($"{where}: key '{p.Name}': expected a string, number or boolean"),
                };
                values[p.Name] = (value, where);
            }
            return Bind(baseOptions, values);
        }
    }

    private static TrainerOptions Bind(TrainerOptions options, Dictionary<string, (object? Value, string Where)> values)
    {
        var result = options with { };
        foreach (var (key, (value, where)) in values)
        {
            if (!ByKey.TryGetValue(key, out var setting))
            {
                string? near = Settings.Select(s => s.Key)
                    .Where(k => Distance(k, key) <= 3 || k.StartsWith(key, StringComparison.Ordinal) || key.StartsWith(k, StringComparison.Ordinal))
                    .OrderBy(k => Distance(k, key)).FirstOrDefault();
                throw new TrainerConfigException($"{where}: unknown key '{key}'{(near is not null ? $" (did you mean '{near}'?)" : "")}");
            }
            object? converted;
            try
            {
                converted = Convert(value, setting.Property.PropertyType);
            }
            catch (FormatException e)
            {
                throw new TrainerConfigException($"{where}: key '{key}': {e.Message}");
            }
            setting.Property.SetValue(result, converted);
        }
        return result;
    }

    private static object? Convert(object? value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null || (value is string empty && empty.Length == 0 && underlying == typeof(string)))
        {
            if (type == typeof(string) || Nullable.GetUnderlyingType(type) is not null)
                return null;
            throw new FormatException("a value is required");
        }
        if (underlying == typeof(string))
            return value is string s ? s : throw new FormatException($"expected a string, found {value}");
        if (underlying == typeof(bool))
        {
            return value switch
            {
                bool b => b,
                string s when bool.TryParse(s, out bool b) => b,
                _ => throw new FormatException($"expected true or false, found '{value}'"),
            };
        }
        if (underlying == typeof(int))
        {
            return value switch
            {
                long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
                string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) => i,
                _ => throw new FormatException($"expected an integer, found '{value}'"),
            };
        }
        if (underlying == typeof(double))
        {
            return value switch
            {
                double d => d,
                long l => (double)l,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
                _ => throw new FormatException($"expected a number, found '{value}'"),
            };
        }
        if (underlying.IsEnum)
        {
            string text = value as string ?? throw new FormatException($"expected one of {EnumChoices(underlying)}, found '{value}'");
            foreach (var name in Enum.GetNames(underlying))
            {
                if (SnakeCase(name) == text.Replace('-', '_').ToLowerInvariant() || name.Equals(text, StringComparison.OrdinalIgnoreCase))
                    return Enum.Parse(underlying, name);
            }
            throw new FormatException($"expected one of {EnumChoices(underlying)}, found '{text}'");
        }
        throw new FormatException($"unsupported setting type {type.Name}");
    }

    private static string EnumChoices(Type enumType) => string.Join(", ", Enum.GetNames(enumType).Select(SnakeCase));

    /// <summary>The value as written in a config file.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "(none)",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Enum e => SnakeCase(e.ToString()),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    private static Dictionary<string, int> PropertyLines(string json)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                int line = 1;
                for (long i = 0; i < reader.TokenStartIndex; i++)
                {
                    if (bytes[i] == (byte)'\n')
                        line++;
                }
                lines[reader.GetString()!] = line;
            }
        }
        return lines;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        }
        return d[a.Length, b.Length];
    }
}
