using System.Text.Json.Nodes;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Golden;

/// <summary>
/// Checkpoints whose weights come from a closed formula (no random generator), so an independent program can
/// read the very same safetensors file and compute reference outputs. Parameter i (in HF name order) element j:
/// weights 0.3 sin(0.37 j + 1.3 i + 0.1), biases 0.05 sin(0.11 j + i), norm weights 1 + 0.1 cos(0.7 j + i).
/// </summary>
internal static class FormulaCheckpoints
{
    public static string Write(string name, JsonObject config)
    {
        string folder = TempFolder.Create();
        var parsed = ModelConfigReader.Parse(config, name + "/config.json");
        using var model = LanguageModel.CreateRandom(parsed, TinyTokenizer.Create(), seed: 0);
        using (no_grad())
        {
            int i = 0;
            foreach (var (param, p) in model.Module.named_parameters().OrderBy(p => p.name, StringComparer.Ordinal))
            {
                long n = p.NumberOfElements;
                var values = new float[n];
                for (long j = 0; j < n; j++)
                {
                    values[j] = param.EndsWith("norm.weight", StringComparison.Ordinal) ? (float)(1 + 0.1 * Math.Cos(0.7 * j + i))
                        : param.EndsWith(".bias", StringComparison.Ordinal) ? (float)(0.05 * Math.Sin(0.11 * j + i))
                        : (float)(0.3 * Math.Sin(0.37 * j + 1.3 * i + 0.1));
                }
                p.copy_(tensor(values).view(p.shape));
                i++;
            }
        }
        model.Save(folder);
        // Set RAIF_GOLDEN_EXPORT to a folder to get these checkpoints for the reference script (see README.md).
        if (Environment.GetEnvironmentVariable("RAIF_GOLDEN_EXPORT") is { Length: > 0 } export)
        {
            string target = Path.Combine(export, name);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(folder))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        return folder;
    }
}
