using Raif.Data.Checklist;

namespace Raif.Data.Tests.Checklist;

public sealed class ChecklistExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-examples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_shipped_examples_cover_every_composition_in_english_and_chinese()
    {
        var examples = ChecklistExample.Builtin;
        foreach (var language in new[] { "en", "zh" })
            Assert.Equal(["and", "chain", "nested", "selection"], examples.Where(e => e.Language == language).Select(e => e.Composition).Order());
        Assert.All(examples, e =>
        {
            Assert.NotEmpty(e.SubInstructions);
            Assert.All(e.ScoringQuestions, q => Assert.Null(YesNoQuestion.Problem(q)));
        });
    }

    [Fact]
    public void A_folder_replaces_the_examples_and_a_bad_file_is_named_with_its_field()
    {
        File.WriteAllText(Path.Combine(_dir, "mine.json"), """
            {"language": "en", "composition": "Chain", "instruction": "Summarise, then translate.",
             "sub_instructions": ["Summarise the text.", "Translate the summary."],
             "scoring_questions": ["Is there a summary?", "Is the summary translated?"]}
            """);
        var loaded = Assert.Single(ChecklistExample.LoadFolder(_dir));
        Assert.Equal("mine", loaded.Name);
        Assert.Equal("chain", loaded.Composition);

        File.WriteAllText(Path.Combine(_dir, "bad.json"), """
            {"language": "en", "composition": "and", "instruction": "x", "sub_instructions": ["x"], "scoring_questions": ["What is x?"]}
            """);
        var e = Assert.Throws<InvalidDataException>(() => ChecklistExample.LoadFolder(_dir));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains("scoring_questions", e.Message);

        File.WriteAllText(Path.Combine(_dir, "bad.json"), """
            {"language": "en", "composition": "sequence", "instruction": "x", "sub_instructions": ["x"], "scoring_questions": ["Is it x?"]}
            """);
        e = Assert.Throws<InvalidDataException>(() => ChecklistExample.LoadFolder(_dir));
        Assert.Contains("\"composition\"", e.Message);
    }
}
