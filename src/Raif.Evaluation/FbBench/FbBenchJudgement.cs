using System.Numerics;
using Raif.Evaluation.Numerics;
using Raif.Evaluation.Python;

namespace Raif.Evaluation.FbBench;

/// <summary>
/// FB-Bench's judge-reply rules (upstream <c>gen_judgment.py</c>, Chinese prompt): <c>check_gpt_judge</c> validates the
/// judge's dict and <c>get_score</c> walks it.
/// </summary>
public static class FbBenchJudgement
{
    public const string Reason = "评判理由";
    public const string Result = "评判结果";
    public const string Weight = "weight";
    public const string Yes = "是";
    public const string No = "否";

    /// <summary>
    /// Null when the parsed reply passes <c>check_gpt_judge</c> (a dict of non-empty checkpoint names to dicts with a
    /// non-empty string reason, a result 是 or 否, and a weight that is None or a number in (0, 1]; Python's bools are
    /// numbers); otherwise what fails.
    /// </summary>
    public static string? Check(object? judgement)
    {
        if (judgement is not OrderedDictionary<string, object?> dict)
            return $"the reply is not a JSON object but {Describe(judgement)}";
        foreach (var (checkpoint, value) in dict)
        {
            if (checkpoint.Length == 0)
                return "a checkpoint name is empty";
            if (value is not OrderedDictionary<string, object?> judge)
                return $"checkpoint '{checkpoint}': expected a JSON object, got {Describe(value)}";
            if (!judge.ContainsKey(Reason) || !judge.ContainsKey(Result) || !judge.ContainsKey(Weight))
                return $"checkpoint '{checkpoint}': needs the keys {Reason}, {Result} and {Weight}";
            if (judge[Reason] is not string { Length: > 0 })
                return $"checkpoint '{checkpoint}': {Reason} must be a non-empty string";
            if (judge[Result] is not (Yes or No))
                return $"checkpoint '{checkpoint}': {Result} must be {Yes} or {No}, got {PyRepr.Repr(judge[Result])}";
            object? weight = judge[Weight];
            if (weight is not PyNone && !(AsNumber(weight) is { } w && w > 0 && w <= 1))
                return $"checkpoint '{checkpoint}': weight must be None or a number in (0, 1], got {PyRepr.Repr(weight)}";
        }
        return null;
    }

    /// <summary>
    /// <c>get_score</c>: over the checkpoints in the reply's order, each 是 adds its weight; a 是 whose weight is falsy
    /// (None: Response Maintenance's alternatives) makes the score 1 at once.
    /// </summary>
    /// <remarks>The score stays a Python int (0, or 1 returned early, or a sum of int weights) unless a float weight is added; the averages depend on the difference.</remarks>
    public static PyNumber Score(OrderedDictionary<string, object?> judgement)
    {
        var score = PyNumber.Int(0);
        foreach (var (_, value) in judgement)
        {
            var judge = (OrderedDictionary<string, object?>)value!;
            if (judge[Result] is not Yes)
                continue;
            object? weight = judge[Weight];
            if (!PyJson.Truthy(weight))
                return PyNumber.Int(1);
            score = new PyNumber(score.Value + AsNumber(weight)!.Value, score.IsInt && weight is bool or BigInteger);
        }
        return score;
    }

    private static double? AsNumber(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        BigInteger n => (double)n,
        double d => d,
        _ => null,
    };

    private static string Describe(object? value) => value switch
    {
        List<object?> => "a list",
        string => "a string",
        PyNone => "null",
        _ => "a " + (value?.GetType().Name ?? "null"),
    };
}
