namespace Raif.Training.Tiny;

/// <summary>Sizes of the built-in world.</summary>
public sealed record TinyWorldOptions(int TrainingTasks = 3000, int HeldOutTasks = 300, int Seed = 1);

/// <summary>
/// The built-in miniature of RAIF's data: "list these animals" instructions with code-checkable constraints
/// composed as And, Chain and Selection, each with an expert reasoning trace and a compliant answer. The held-out
/// set contains only instructions that combine a pair of rule kinds never seen together in training, so it
/// measures whether the constraints were learned compositionally.
/// </summary>
public sealed class TinyWorld
{
    /// <summary>Rule-kind pairs reserved for the held-out set.</summary>
    public static readonly IReadOnlyList<(TinyRuleKind, TinyRuleKind)> HeldOutPairs =
    [
        (TinyRuleKind.Quotes, TinyRuleKind.Capitals),
        (TinyRuleKind.NoComma, TinyRuleKind.Postscript),
        (TinyRuleKind.EndPhrase, TinyRuleKind.Title),
        (TinyRuleKind.IncludeWord, TinyRuleKind.Bullets),
    ];

    public static readonly IReadOnlyList<string> VowelAnimals = ["ant", "ape", "eel", "elk", "emu", "owl", "ibis", "orca"];
    public static readonly IReadOnlyList<string> ConsonantAnimals = ["bat", "bee", "cat", "cow", "dog", "fox", "hen", "pig", "ram", "yak", "wolf", "lion", "bear", "toad", "crab", "duck", "goat"];
    public static readonly IReadOnlyList<string> EndPhrases = ["Done.", "That is all.", "The end."];
    public static readonly IReadOnlyList<string> Titles = ["Zoo", "Farm", "Pets", "Wild"];
    public static readonly IReadOnlyList<string> Adjectives = ["big", "small", "cute", "happy"];
    public static readonly IReadOnlyList<string> ForbiddenWords = ["here", "animals"];
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth"];

    private TinyWorld(IReadOnlyList<TinyTask> training, IReadOnlyList<TinyTask> heldOut)
    {
        Training = training;
        HeldOut = heldOut;
    }

    public IReadOnlyList<TinyTask> Training { get; }

    public IReadOnlyList<TinyTask> HeldOut { get; }

    public static TinyWorld Create(TinyWorldOptions options)
    {
        var random = new Random(options.Seed);
        var training = new List<TinyTask>(options.TrainingTasks);
        var heldOut = new List<TinyTask>(options.HeldOutTasks);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int attempts = 0;
        while ((training.Count < options.TrainingTasks || heldOut.Count < options.HeldOutTasks) && attempts++ < 1_000_000)
        {
            var task = Sample(random);
            if (task is null || !seen.Add(task.User))
                continue;
            bool held = task.KindPairs().Any(p => HeldOutPairs.Contains(p));
            if (held && heldOut.Count < options.HeldOutTasks)
                heldOut.Add(task);
            else if (!held && training.Count < options.TrainingTasks)
                training.Add(task);
        }
        if (training.Count < options.TrainingTasks || heldOut.Count < options.HeldOutTasks)
            throw new InvalidOperationException($"the world has too few distinct instructions for {options.TrainingTasks} + {options.HeldOutTasks}");
        return new TinyWorld(training, heldOut);
    }

    /// <summary>Samples one instruction, or null when the sampled rules conflict.</summary>
    internal static TinyTask? Sample(Random random)
    {
        int count = random.Next(2, 5);
        var pool = VowelAnimals.Concat(ConsonantAnimals).ToList();
        var animals = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(pool.Count);
            animals.Add(pool[at]);
            pool.RemoveAt(at);
        }
        var composition = (TinyComposition)random.Next(3);
        var active = new List<TinyRule>();
        var sentences = new List<string>();
        var notes = new List<string>();

        if (composition == TinyComposition.Chain)
        {
            var (sentence, rule, fact) = SampleChain(random, animals);
            sentences.Add(sentence);
            active.Add(rule);
            notes.Add($"{fact}: {rule.Note}");
        }
        else if (composition == TinyComposition.Selection)
        {
            var (condition, holds, fact) = SampleCondition(random, animals);
            var a = SampleRule(random, animals);
            var b = SampleRule(random, animals);
            if (TinyRule.Conflict(a, b))
                return null;
            var chosen = holds ? a : b;
            sentences.Add($"If {condition}, {a.Clause}; otherwise, {b.Clause}.");
            active.Add(chosen);
            notes.Add($"{fact}: {chosen.Note}");
            // The branch not taken must still be compatible with the other rules, or the instruction contradicts itself.
            active.Add(holds ? b : a);
        }
        int extra = composition == TinyComposition.And ? random.Next(2, 4) : random.Next(0, 3);
        for (int i = 0; i < extra; i++)
        {
            var rule = SampleRule(random, animals);
            if (active.Any(r => TinyRule.Conflict(r, rule)))
                return null;
            active.Add(rule);
            sentences.Add(rule.Sentence);
            notes.Add(rule.Note);
        }
        if (composition == TinyComposition.Selection)
            active.RemoveAt(1);

        string user = $"List these animals: {string.Join(", ", animals)}. {string.Join(" ", sentences)}";
        string think = string.Join("\n", notes.Select(n => "- " + n));
        string answer = TinyExpert.Answer(animals, active);
        return new TinyTask(animals, user, composition, active, think, answer);
    }

    private static TinyRule SampleRule(Random random, IReadOnlyList<string> animals)
    {
        var kind = (TinyRuleKind)random.Next(Enum.GetValues<TinyRuleKind>().Length);
        return kind switch
        {
            TinyRuleKind.EndPhrase => new TinyRule(kind, Pick(random, EndPhrases)),
            TinyRuleKind.Title => new TinyRule(kind, Pick(random, Titles)),
            TinyRuleKind.IncludeWord => new TinyRule(kind, Pick(random, Adjectives)),
            TinyRuleKind.ForbidWord => new TinyRule(kind, Pick(random, ForbiddenWords)),
            TinyRuleKind.Bullets => new TinyRule(kind, Count: animals.Count),
            TinyRuleKind.Capitals => new TinyRule(kind, Count: random.Next(1, animals.Count + 1)),
            TinyRuleKind.FirstWord => new TinyRule(kind, Pick(random, animals)),
            _ => new TinyRule(kind),
        };
    }

    private static (string Sentence, TinyRule Rule, string Fact) SampleChain(Random random, IReadOnlyList<string> animals)
    {
        int k = random.Next(animals.Count);
        string ordinal = k == animals.Count - 1 && random.Next(2) == 0 ? "last" : Ordinals[k];
        return random.Next(4) switch
        {
            0 => ($"Find the {ordinal} animal, then start your answer with it.",
                new TinyRule(TinyRuleKind.FirstWord, animals[k]), $"the {ordinal} animal is {animals[k]}"),
            1 => ($"Find the {ordinal} animal, then end your answer with \"I like\" followed by it.",
                new TinyRule(TinyRuleKind.EndPhrase, $"I like {animals[k]}"), $"the {ordinal} animal is {animals[k]}"),
            2 => ("Count the animals, then write that many words in capital letters.",
                new TinyRule(TinyRuleKind.Capitals, Count: animals.Count), $"there are {animals.Count} animals"),
            _ => ("Count the animals, then use that many bullet points.",
                new TinyRule(TinyRuleKind.Bullets, Count: animals.Count), $"there are {animals.Count} animals"),
        };
    }

    private static (string Condition, bool Holds, string Fact) SampleCondition(Random random, IReadOnlyList<string> animals)
    {
        switch (random.Next(3))
        {
            case 0:
            {
                bool vowel = "aeiou".Contains(animals[0][0]);
                return ("the first animal starts with a vowel", vowel,
                    $"the first animal {animals[0]} starts with {(vowel ? "a vowel" : "a consonant")}");
            }
            case 1:
            {
                bool more = animals.Count > 3;
                return ("there are more than three animals", more,
                    $"there are {animals.Count} animals, {(more ? "more" : "not more")} than three");
            }
            default:
            {
                string probe = random.Next(2) == 0 ? Pick(random, animals) : Pick(random, ConsonantAnimals);
                bool listed = animals.Contains(probe);
                return ($"{probe} is in the list", listed, $"{probe} is {(listed ? "" : "not ")}in the list");
            }
        }
    }

    private static string Pick(Random random, IReadOnlyList<string> items) => items[random.Next(items.Count)];
}
