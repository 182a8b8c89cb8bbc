using System.Text;

namespace Raif.Training.Tiny;

/// <summary>
/// Writes a compliant answer for a list of animals under a set of active rules. The answer has a fixed shape
/// (optional quotes, title, lead-in, the animals, postscript, end phrase) so a tiny model can learn it, and every
/// rule changes it in a visible way.
/// </summary>
public static class TinyExpert
{
    public static string Answer(IReadOnlyList<string> animals, IReadOnlyList<TinyRule> rules)
    {
        TinyRule? Find(TinyRuleKind kind) => rules.FirstOrDefault(r => r.Kind == kind);

        var items = animals.ToList();
        var firstWord = Find(TinyRuleKind.FirstWord);
        if (firstWord is not null)
        {
            int at = items.IndexOf(firstWord.Argument);
            if (at < 0)
                throw new ArgumentException($"first word '{firstWord.Argument}' is not one of the animals", nameof(rules));
            items.RemoveAt(at);
            items.Insert(0, firstWord.Argument);
        }
        var capitals = Find(TinyRuleKind.Capitals);
        if (capitals is not null)
        {
            if (capitals.Count > items.Count)
                throw new ArgumentException($"cannot capitalise {capitals.Count} of {items.Count} animals", nameof(rules));
            for (int i = 0; i < capitals.Count; i++)
                items[i] = items[i].ToUpperInvariant();
        }
        var bullets = Find(TinyRuleKind.Bullets);
        if (bullets is not null && bullets.Count != items.Count)
            throw new ArgumentException($"{bullets.Count} bullets for {items.Count} animals", nameof(rules));

        var include = Find(TinyRuleKind.IncludeWord);
        bool avoidHere = rules.Any(r => r.Kind == TinyRuleKind.ForbidWord && r.Argument == "here");
        bool avoidAnimals = rules.Any(r => r.Kind == TinyRuleKind.ForbidWord && r.Argument == "animals");
        string separator = Find(TinyRuleKind.NoComma) is null ? ", " : " ";
        string adjective = include is null ? "" : include.Argument + " ";
        string lead = $"{(avoidHere ? "These are the" : "Here are the")} {adjective}{(avoidAnimals ? "ones" : "animals")}:";

        var text = new StringBuilder();
        var title = Find(TinyRuleKind.Title);
        if (title is not null)
            text.Append("<<").Append(title.Argument).Append(">>\n");
        if (bullets is not null)
        {
            text.Append(lead);
            foreach (var item in items)
                text.Append("\n* ").Append(item);
        }
        else if (firstWord is not null)
        {
            text.Append(string.Join(separator, items)).Append('.');
            if (include is not null)
                text.Append(" They are ").Append(include.Argument).Append('.');
        }
        else
        {
            text.Append(lead).Append(' ').Append(string.Join(separator, items)).Append('.');
        }
        bool multiline = bullets is not null;
        if (Find(TinyRuleKind.Postscript) is not null)
        {
            text.Append("\nP.S. I like the ").Append(animals[0]).Append('.');
            multiline = true;
        }
        var end = Find(TinyRuleKind.EndPhrase);
        if (end is not null)
            text.Append(multiline ? "\n" : " ").Append(end.Argument);
        return Find(TinyRuleKind.Quotes) is null ? text.ToString() : $"\"{text}\"";
    }
}
