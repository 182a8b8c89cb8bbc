using Raif.Core.Jsonl;
using Raif.Data.Seeds;
using Raif.Data.Stages;

namespace Raif.Data.Tests.Seeds;

public sealed class SeedLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-seedline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<JsonlLine> Lines(params string[] lines)
    {
        string path = Path.Combine(_dir, "seeds.jsonl");
        File.WriteAllLines(path, lines);
        return [.. JsonlReader.ReadLines(path)];
    }

    [Fact]
    public void The_seeds_stage_fields_are_honoured()
    {
        var lines = Lines(
            """{"id": "s-7", "text": "  Plan a   picnic for six friends.", "language": "en", "words": ["picnic", "friends", "volcano"], "source": "x", "tags": ["life"]}""",
            """{"id": "s-8", "text": "为六个朋友计划一次野餐。", "language": "zh-CN", "source": "x"}""",
            """{"text": "Planifie un pique-nique.", "language": "fr"}""");
        var en = SeedLine.From(lines[0], "text");
        Assert.Equal("s-7", en.Id);
        Assert.Equal("Plan a picnic for six friends.", en.Text); // normalised as SeedFile does
        Assert.Equal(Seed.English, en.Language);
        Assert.Equal(["picnic", "friends"], en.Words); // a listed word that is not in the text is left out
        var zh = SeedLine.From(lines[1], "text");
        Assert.Equal(Seed.Chinese, zh.Language);
        Assert.NotEmpty(zh.Words);
        var fr = SeedLine.From(lines[2], "text");
        Assert.Equal("fr", fr.Language);
        Assert.Equal(ContentId.Of("seed", "Planifie un pique-nique."), fr.Id); // no id: SeedFile's content id
    }

    [Fact]
    public void A_bad_line_names_the_field()
    {
        var lines = Lines("""{"text": "Plan a picnic.", "words": "picnic"}""", """{"text": 5}""");
        Assert.Contains("words", Assert.Throws<JsonlException>(() => SeedLine.From(lines[0], "text")).Message);
        var e = Assert.Throws<JsonlException>(() => SeedLine.From(lines[1], "text"));
        Assert.Contains("seeds.jsonl:2", e.Message);
        Assert.Contains("text", e.Message);
    }
}
