using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Data.Evolution;
using Raif.Data.Seeds;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Tests.Evolution;

/// <summary>
/// Builds, for a record's active constraints, a response written to satisfy every one of them, following each
/// checker's documented rule (spec §6.4) rather than the evolver's code. If such a response passes the verifiers,
/// the drawn arguments are satisfiable together.
/// </summary>
internal static class CompliantAnswer
{
    private static readonly string[] EnglishFiller =
    [
        "this", "answer", "covers", "the", "main", "points", "in", "a", "clear", "way", "and", "gives", "useful", "ideas",
        "for", "daily", "life", "with", "simple", "steps", "to", "follow", "today", "good", "luck", "my", "friend", "you",
        "can", "do", "it", "now", "so", "go", "by", "up", "plan", "work", "both", "much", "fun", "just", "right", "kind",
        "thought", "world", "story", "happy", "day", "night", "hours", "long", "of", "on", "at", "from",
    ];

    // Natural sentences for the checks that ask language identification (word lists read as other languages,
    // especially in capitals).
    private static readonly string[] EnglishSentences =
    [
        "we should go to the park today because the weather is nice and the children want to play outside with their friends",
        "i think that this is a very good idea and we should do it together with our friends",
        "the quick brown fox jumps over the lazy dog while the farmer watches from the old wooden fence",
        "my family likes to walk along the river on sunday mornings and talk about the week ahead",
        "you can start small with one habit at a time and build on it slowly until it feels natural",
        "most of us want a plan that is simple to follow and easy to keep for a long time",
        "our town has a small library with kind staff who help anyone looking for a good book",
        "if you study a little every day you will remember much more than if you study all night",
        "this is a quick note to say thank you",
        "all of us had fun on that sunny day at the lake",
        "you can do it too if you want to",
        "my dog was lost but now he is home with us",
        "the sky was blue and the sun was out all day long",
        // Lipograms, for a letter that must stay rare: no a or i; no e; no o; no u or s.
        "the sun shone over the old town so we went down to the cold shore before noon",
        "we hope you send the note to her soon",
        "a big dog ran along our path all day long with a young cat",
        "that man can start with a plan that will last",
        "the kind old man will help them with their work today",
    ];

    private static readonly string[] ChineseFiller = ["这是", "一个", "简短", "清楚", "回答", "希望", "对你", "有帮助", "祝你", "顺利", "今天", "开心"];

    private static readonly string[] CapitalWords = ["OK", "YES", "TIP", "BIG", "NEW", "ALL", "TOP", "FUN", "WOW", "ZAP", "HUB", "JAM", "MIX", "QUIZ", "VIBE", "DUTY"];

    // Keywords are searched in the raw text: a JSON reply must not escape them.
    private static readonly JsonSerializerOptions RawText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string For(IReadOnlyList<Constraint> constraints, Seed seed)
    {
        var byId = constraints.ToDictionary(c => c.Id, StringComparer.Ordinal);
        bool zh = seed.Language == Seed.Chinese;
        bool has(string id) => byId.ContainsKey(id);

        if (has(IfevalIds.ConstrainedResponse))
            return "My answer is yes.";

        // What the text must avoid: a rare letter, forbidden words, a keyword capped with "less than".
        char? rareLetter = null;
        var avoid = new List<string>();
        if (byId.TryGetValue(IfevalIds.KeywordsLetterFrequency, out var letter) && letter.Text("let_relation") == "less than")
            rareLetter = letter.Text("letter")[0];
        if (byId.TryGetValue(IfevalIds.KeywordsForbiddenWords, out var forbidden))
            avoid.AddRange(forbidden.List("forbidden_words"));
        if (byId.TryGetValue(IfevalIds.KeywordsFrequency, out var frequency) && frequency.Text("relation") == "less than")
            avoid.Add(frequency.Text("keyword"));
        bool FreeOfWords(string w) => !avoid.Any(a => w.Contains(a, StringComparison.OrdinalIgnoreCase));
        bool Usable(string w) => (rareLetter is not { } l || !w.Contains(l, StringComparison.OrdinalIgnoreCase)) && FreeOfWords(w);
        var filler = (zh ? ChineseFiller : EnglishFiller).Where(Usable).ToList();
        Assert.True(filler.Count >= 3, $"too few filler words left for {string.Join(", ", constraints.Select(c => c.Id))}");
        int cursor = 0;
        string Words(int n) => string.Join(zh ? "" : " ", Enumerable.Range(0, n).Select(_ => filler[cursor++ % filler.Count]));

        // Inline extras that any paragraph can hold.
        var inline = new List<string>();
        if (byId.TryGetValue(IfevalIds.KeywordsExistence, out var existence))
            inline.AddRange(existence.List("keywords"));
        if (frequency is not null && frequency.Text("relation") == "at least")
            inline.AddRange(Enumerable.Repeat(frequency.Text("keyword"), (int)frequency.Int("frequency")));
        if (letter is not null && letter.Text("let_relation") == "at least")
            inline.AddRange(Enumerable.Repeat(letter.Text("letter"), (int)letter.Int("let_frequency")));
        if (byId.TryGetValue(IfevalIds.CapitalWordFrequency, out var capital) && capital.Text("capital_relation") == "at least")
        {
            var caps = CapitalWords.Where(Usable).ToList();
            inline.AddRange(Enumerable.Range(0, (int)capital.Int("capital_frequency")).Select(i => caps[i % caps.Count]));
        }
        if (byId.TryGetValue(IfevalIds.NumberPlaceholders, out var placeholders))
            inline.AddRange(Enumerable.Range(1, (int)placeholders.Int("num_placeholders")).Select(i => $"[{i}]"));
        if (byId.TryGetValue(IfevalIds.NumberHighlightedSections, out var highlights))
            inline.AddRange(Enumerable.Range(1, (int)highlights.Int("num_highlights")).Select(i => $"*{i}*"));

        // Lines of their own.
        var lines = new List<string>();
        if (has(IfevalIds.Title))
            lines.Add("<<" + Words(2) + ">>");
        if (byId.TryGetValue(IfevalIds.MultipleSections, out var sections))
        {
            for (int i = 1; i <= sections.Int("num_sections"); i++)
                lines.Add($"{sections.Text("section_spliter")} {i} {Words(2)}");
        }
        if (byId.TryGetValue(IfevalIds.NumberBulletLists, out var bullets))
        {
            for (int i = 0; i < bullets.Int("num_bullets"); i++)
                lines.Add("* " + Words(2));
        }
        if (byId.TryGetValue(IfevalIds.NumberSentences, out var sentences) && sentences.Text("relation") == "at least")
        {
            // Punkt keeps a period after a single letter (an initial) inside the sentence: end on a longer word.
            var enders = filler.Where(w => w.Length >= 4).ToList();
            for (int i = 0; i < sentences.Int("num_sentences"); i++)
            {
                string sentence = Words(2) + " " + enders[i % enders.Count] + ".";
                // Capitalised like prose, but a one-letter word stays lower case ("A" would be an all-capital word).
                lines.Add(sentence.IndexOf(' ') > 1 ? char.ToUpperInvariant(sentence[0]) + sentence[1..] : sentence);
            }
        }
        // Language identification needs a fair amount of running text in the language asked for.
        bool languageChecked = has(IfevalIds.ResponseLanguage) || has(IfevalIds.EnglishCapital) || has(IfevalIds.EnglishLowercase);
        int lead = 4;
        string? leadText = null;
        if (languageChecked && !zh)
        {
            // A rare letter may still occur fewer times than its cap.
            int budget = rareLetter is { } l ? (int)letter!.Int("let_frequency") - 1 : int.MaxValue;
            var chosen = new List<string>();
            foreach (var sentence in EnglishSentences.Where(t => t.Split(' ').All(FreeOfWords)))
            {
                int uses = rareLetter is { } r ? sentence.Count(ch => ch == r) : 0;
                if (uses > budget || chosen.Count == 3)
                    continue;
                budget -= uses;
                chosen.Add(sentence);
            }
            leadText = chosen.Count > 0 ? string.Join(" ", chosen) : null;
        }
        if (languageChecked && leadText is null)
            lead = 12 + inline.Count;

        string Body()
        {
            int paragraphs = 1;
            string separator = "\n\n";
            long nth = 0;
            string? firstWord = null;
            if (byId.TryGetValue(IfevalIds.NumberParagraphs, out var p))
            {
                paragraphs = (int)p.Int("num_paragraphs");
                separator = "\n***\n";
            }
            if (byId.TryGetValue(IfevalIds.NthParagraphFirstWord, out var first))
            {
                paragraphs = (int)first.Int("num_paragraphs");
                nth = first.Int("nth_paragraph");
                firstWord = first.Text("first_word");
            }
            var pieces = new List<string>();
            for (int i = 1; i <= paragraphs; i++)
            {
                var piece = new StringBuilder();
                if (i == nth)
                    piece.Append(firstWord).Append(' ');
                piece.Append(i == 1 && leadText is not null ? leadText : Words(i == 1 ? lead : 4));
                if (i == paragraphs)
                {
                    foreach (var extra in inline)
                        piece.Append(' ').Append(extra);
                    foreach (var line in lines)
                        piece.Append('\n').Append(line);
                }
                pieces.Add(piece.ToString());
            }
            return string.Join(separator, pieces);
        }

        string answer;
        if (has(IfevalIds.JsonFormat) || has(IfevalIds.XmlFormat))
        {
            string content = string.Join(" ", new[] { Words(3) }.Concat(inline));
            answer = has(IfevalIds.JsonFormat)
                ? JsonSerializer.Serialize(new Dictionary<string, string> { ["reply"] = content }, RawText)
                : "<reply>" + content + "</reply>";
        }
        else if (has(IfevalIds.TwoResponses))
        {
            answer = Body() + "\n******\n" + Body() + " " + Words(1);
        }
        else
        {
            answer = Body();
        }

        if (has(IfevalIds.RepeatPrompt))
            answer = byId[IfevalIds.RepeatPrompt].Text("prompt_to_repeat") + "\n" + answer;
        if (byId.TryGetValue(IfevalIds.NumberWords, out var words) && words.Text("relation") == "at least")
        {
            int missing = (int)words.Int("num_words") - Regex.Count(answer, @"\w+") + 5;
            if (missing > 0)
                answer += " " + Words(missing);
        }
        if (byId.TryGetValue(IfevalIds.Postscript, out var postscript))
            answer += "\n" + postscript.Text("postscript_marker").ToLowerInvariant() + " " + Words(2);
        if (byId.TryGetValue(IfevalIds.EndChecker, out var end))
            answer += "\n" + end.Text("end_phrase");
        if (has(IfevalIds.EnglishCapital))
            answer = answer.ToUpperInvariant();
        if (has(IfevalIds.EnglishLowercase))
            answer = answer.ToLowerInvariant();
        if (has(IfevalIds.Quotation))
            answer = "\"" + answer + "\"";
        return answer;
    }
}
