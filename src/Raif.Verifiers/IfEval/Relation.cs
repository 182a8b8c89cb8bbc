namespace Raif.Verifiers.IfEval;

/// <summary>IFEval's comparison relations: "less than" (actual &lt; N) and "at least" (actual ≥ N).</summary>
internal enum Relation
{
    LessThan,
    AtLeast,
}

internal static class RelationExtensions
{
    public static bool Holds(this Relation relation, long actual, long threshold) =>
        relation == Relation.LessThan ? actual < threshold : actual >= threshold;
}
