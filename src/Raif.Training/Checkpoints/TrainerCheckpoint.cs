using System.Globalization;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Modeling;
using Raif.Modeling.Checkpoints;
using Raif.Training.Data;
using TorchSharp.Modules;

namespace Raif.Training.Checkpoints;

/// <summary>Everything besides weights and optimizer moments that a resumed run needs.</summary>
public sealed record TrainerState(int Step, int Updates, DataCursor Cursor, int Seed);

/// <summary>
/// Checkpoints as <c>checkpoints/step-NNNNNN/</c>: <c>model/</c> in HuggingFace layout (loadable by transformers and
/// vLLM), <c>optimizer.bin</c> (AdamW moments and step counts) and <c>trainer_state.json</c>. A checkpoint is built in a
/// temporary folder and renamed into place, so a crash never leaves a half-written one; only folders holding
/// <c>trainer_state.json</c> count as complete.
/// </summary>
public static class TrainerCheckpoint
{
    public const string StateFile = "trainer_state.json";
    public const string OptimizerFile = "optimizer.bin";
    public const string ModelFolder = "model";
    private const string Prefix = "step-";

    public static string Save(string checkpointsDir, TrainerState state, LanguageModel policy, AdamW optimizer, int keep)
    {
        Directory.CreateDirectory(checkpointsDir);
        string final = Path.Combine(checkpointsDir, $"{Prefix}{state.Step:D6}");
        string temp = Path.Combine(checkpointsDir, $".{Prefix}{state.Step:D6}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temp);
            policy.Save(Path.Combine(temp, ModelFolder));
            optimizer.save_state_dict(Path.Combine(temp, OptimizerFile));
            AtomicFile.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, JsonlWriter.Options));
            if (Directory.Exists(final))
                Directory.Delete(final, recursive: true);
            Directory.Move(temp, final);
        }
        catch
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw;
        }
        foreach (var old in Complete(checkpointsDir).SkipLast(keep))
            Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>The newest complete checkpoint folder, or null.</summary>
    public static string? Latest(string checkpointsDir) => Complete(checkpointsDir).LastOrDefault();

    /// <summary>Loads weights into <paramref name="policy"/> and moments into <paramref name="optimizer"/>; returns the state.</summary>
    public static TrainerState Load(string checkpoint, LanguageModel policy, AdamW optimizer)
    {
        string statePath = Path.Combine(checkpoint, StateFile);
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath), JsonlWriter.Options)
            ?? throw new InvalidDataException($"{statePath}: empty trainer state");
        CheckpointReader.Load(policy.Module, Path.Combine(checkpoint, ModelFolder));
        optimizer.load_state_dict(Path.Combine(checkpoint, OptimizerFile));
        return state;
    }

    private static IEnumerable<string> Complete(string checkpointsDir)
    {
        if (!Directory.Exists(checkpointsDir))
            return [];
        return Directory.GetDirectories(checkpointsDir, Prefix + "*")
            .Where(d => File.Exists(Path.Combine(d, StateFile)))
            .Select(d => (Dir: d, Step: int.TryParse(Path.GetFileName(d)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : -1))
            .Where(x => x.Step >= 0)
            .OrderBy(x => x.Step)
            .Select(x => x.Dir);
    }
}
