namespace Raif.Data.Evolution;

/// <summary>Enumerates the conflict-free sets of constraint ids of a given size.</summary>
public static class Combinations
{
    /// <summary>Every <paramref name="size"/>-subset of <paramref name="pool"/> (in pool order) with no conflicting pair.</summary>
    public static IReadOnlyList<string[]> Valid(IReadOnlyList<string> pool, int size, ConflictTable conflicts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var result = new List<string[]>();
        var current = new string[size];
        void Extend(int start, int depth)
        {
            if (depth == size)
            {
                result.Add((string[])current.Clone());
                return;
            }
            for (int i = start; i <= pool.Count - (size - depth); i++)
            {
                bool ok = true;
                for (int j = 0; j < depth && ok; j++)
                    ok = !conflicts.Conflicts(current[j], pool[i]);
                if (!ok)
                    continue;
                current[depth] = pool[i];
                Extend(i + 1, depth + 1);
            }
        }
        Extend(0, 0);
        return result;
    }
}
