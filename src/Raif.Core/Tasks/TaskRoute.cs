namespace Raif.Core.Tasks;

/// <summary>
/// The routing decision for a <c>task</c> string (spec §4.3): exactly <c>default</c> (or missing) is maths,
/// a prefix picks ifeval / complex / kk, and a <c>woFormat</c> suffix switches the format check off. Raif adds
/// <c>ifbench…</c>: code-checked constraints like <c>ifeval…</c>, with IFBench's 58 instruction ids allowed beside
/// IFEval's.
/// Anything else is an error, never a silent default.
/// </summary>
public readonly record struct TaskRoute(TaskKind Kind, bool WithoutFormat, string Task)
{
    public const string DefaultTask = "default";
    public const string WithoutFormatSuffix = "woFormat";

    /// <summary>Whether superior-CoT (no-CoT) rollouts are planned for this task (ifeval and complex only, spec §7.2).</summary>
    public bool HasNoCotRollouts => Kind is TaskKind.IfEval or TaskKind.Complex;

    /// <summary>Whether an <see cref="TaskKind.IfEval"/> task is an <c>ifbench…</c> one (IFBench's ids allowed too).</summary>
    public bool IsIfBench => Kind == TaskKind.IfEval && Task.StartsWith("ifbench", StringComparison.Ordinal);

    /// <summary>Parses a task string; <c>null</c> or empty means <c>default</c>.</summary>
    public static TaskRoute Parse(string? task)
    {
        if (!TryParse(task, out var route, out var error))
            throw new ArgumentException(error, nameof(task));
        return route;
    }

    public static bool TryParse(string? task, out TaskRoute route, out string error)
    {
        string t = string.IsNullOrEmpty(task) ? DefaultTask : task;
        error = "";
        if (t == DefaultTask)
        {
            route = new TaskRoute(TaskKind.Maths, false, t);
            return true;
        }
        bool wo = t.EndsWith(WithoutFormatSuffix, StringComparison.Ordinal);
        if (t.StartsWith("ifeval", StringComparison.Ordinal) || t.StartsWith("ifbench", StringComparison.Ordinal))
            route = new TaskRoute(TaskKind.IfEval, wo, t);
        else if (t.StartsWith("complex", StringComparison.Ordinal))
            route = new TaskRoute(TaskKind.Complex, wo, t);
        else if (t.StartsWith("kk", StringComparison.Ordinal))
            route = new TaskRoute(TaskKind.KnightsAndKnaves, wo, t);
        else
        {
            route = default;
            error = $"unknown task '{t}': expected 'default' (maths) or a name starting with 'ifeval', 'ifbench', 'complex' or 'kk'";
            return false;
        }
        return true;
    }
}
