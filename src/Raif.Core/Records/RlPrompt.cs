using Raif.Core.Jsonl;
using Raif.Core.Tasks;
using Raif.Core.Templates;

namespace Raif.Core.Records;

/// <summary>
/// One RL prompt exactly as in the RAIF release (spec §4.1): <c>input</c> is the fully rendered prompt (chat
/// template, system prompt with the CoT trigger, user turn, assistant header and pre-filled <c>&lt;think&gt;</c>),
/// <c>target</c> is the JSON-encoded verifier data (or the maths answer), <c>task</c> routes it.
/// </summary>
public sealed record RlPrompt(string Input, string Target, string Task)
{
    /// <summary>The routing decision for <see cref="Task"/>.</summary>
    public TaskRoute Route => TaskRoute.Parse(Task);

    /// <summary>Parses one JSONL line; extra fields (e.g. the R1 reference <c>answer</c>) are ignored.</summary>
    public static RlPrompt FromJsonl(JsonlLine line)
    {
        string input = line.RequiredString("input");
        string target = line.StringOrRawJson("target") ?? throw line.Error("target", "missing");
        string task = line.OptionalString("task") ?? TaskRoute.DefaultTask;
        if (!TaskRoute.TryParse(task, out _, out var error))
            throw line.Error("task", error);
        return new RlPrompt(ThinkPrefill.Ensure(input), target, task);
    }

    /// <summary>Streams an RL prompt file.</summary>
    public static IEnumerable<RlPrompt> ReadAll(string path, CancellationToken cancellationToken = default) =>
        JsonlReader.Read(path, FromJsonl, cancellationToken);
}
