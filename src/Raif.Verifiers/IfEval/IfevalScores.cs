namespace Raif.Verifiers.IfEval;

/// <summary>Followed / total counts at prompt level and at instruction level.</summary>
public sealed record IfevalAccuracy(int PromptTotal, int PromptCorrect, int InstructionTotal, int InstructionCorrect)
{
    public double PromptLevel => PromptTotal == 0 ? 0 : (double)PromptCorrect / PromptTotal;

    public double InstructionLevel => InstructionTotal == 0 ? 0 : (double)InstructionCorrect / InstructionTotal;
}

/// <summary>Instruction-level accuracy of one instruction id (or one category, the part before ':').</summary>
public sealed record IfevalIdAccuracy(string Id, int Total, int Correct)
{
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>The official <c>print_report</c> figures: overall, by category ("tier 0") and by id ("tier 1").</summary>
public sealed record IfevalScores(IfevalAccuracy Overall, IReadOnlyList<IfevalIdAccuracy> ByCategory, IReadOnlyList<IfevalIdAccuracy> ById)
{
    public static IfevalScores Compute(IEnumerable<IfevalResult> results)
    {
        int prompts = 0, promptsCorrect = 0, instructions = 0, instructionsCorrect = 0;
        var byId = new SortedDictionary<string, (int Total, int Correct)>(StringComparer.Ordinal);
        var byCategory = new SortedDictionary<string, (int Total, int Correct)>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            prompts++;
            if (result.FollowAllInstructions)
                promptsCorrect++;
            for (int i = 0; i < result.InstructionIdList.Count; i++)
            {
                string id = result.InstructionIdList[i];
                bool ok = result.FollowInstructionList[i];
                instructions++;
                if (ok)
                    instructionsCorrect++;
                Add(byId, id, ok);
                Add(byCategory, id.Split(':')[0], ok);
            }
        }
        return new IfevalScores(
            new IfevalAccuracy(prompts, promptsCorrect, instructions, instructionsCorrect),
            [.. byCategory.Select(kv => new IfevalIdAccuracy(kv.Key, kv.Value.Total, kv.Value.Correct))],
            [.. byId.Select(kv => new IfevalIdAccuracy(kv.Key, kv.Value.Total, kv.Value.Correct))]);
    }

    private static void Add(SortedDictionary<string, (int Total, int Correct)> table, string key, bool ok)
    {
        table.TryGetValue(key, out var entry);
        table[key] = (entry.Total + 1, entry.Correct + (ok ? 1 : 0));
    }
}
