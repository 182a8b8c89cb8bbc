namespace Raif.Modeling.Generation;

/// <summary>
/// The distinct prompts of a batch and, for every row, which distinct prompt it repeats. GRPO samples each prompt
/// several times (RAIF: 8 rollouts), so a generation batch often holds each prompt n times; prefilling the distinct
/// ones and copying their cache rows saves (n - 1) / n of the prefill.
/// </summary>
internal sealed record RepeatedPrompts(IReadOnlyList<int[]> Distinct, long[] RowToDistinct)
{
    /// <summary>The batch's repeats, or null when every prompt is distinct (nothing to share).</summary>
    public static RepeatedPrompts? Find(IReadOnlyList<int[]> prompts)
    {
        var first = new Dictionary<int[], int>(SequenceComparer.Instance);
        var distinct = new List<int[]>();
        var rowToDistinct = new long[prompts.Count];
        for (int row = 0; row < prompts.Count; row++)
        {
            if (!first.TryGetValue(prompts[row], out int index))
            {
                index = distinct.Count;
                first[prompts[row]] = index;
                distinct.Add(prompts[row]);
            }
            rowToDistinct[row] = index;
        }
        return distinct.Count < prompts.Count ? new RepeatedPrompts(distinct, rowToDistinct) : null;
    }

    /// <summary>Arrays compared by content (int[] itself compares by reference).</summary>
    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public static readonly SequenceComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] ids)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(ids.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
