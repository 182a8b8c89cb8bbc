using Raif.Core.Jsonl;
using Raif.Core.Tasks;

namespace Raif.Core.Records;

/// <summary>
/// One generated response to an RL prompt: <c>input</c> is the rendered prompt (ending with the pre-filled
/// <c>&lt;think&gt;</c>), <c>output</c> is what the model generated after it. <c>id</c> is free-form.
/// </summary>
public sealed record Rollout(string? Id, string Input, string Output, string Target, string Task)
{
    /// <summary>The full decoded sequence the reward is computed on (spec §5.4).</summary>
    public string Sequence => Input + Output;

    public static Rollout FromJsonl(JsonlLine line)
    {
        string? id = line.StringOrRawJson("id");
        string input = line.RequiredString("input");
        string output = line.RequiredString("output");
        string target = line.StringOrRawJson("target") ?? throw line.Error("target", "missing");
        string task = line.OptionalString("task") ?? TaskRoute.DefaultTask;
        if (!TaskRoute.TryParse(task, out _, out var error))
            throw line.Error("task", error);
        return new Rollout(id, input, output, target, task);
    }

    public static IEnumerable<Rollout> ReadAll(string path, CancellationToken cancellationToken = default) =>
        JsonlReader.Read(path, FromJsonl, cancellationToken);
}
