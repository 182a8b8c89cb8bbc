using System.Text.Json.Nodes;
using Raif.Evaluation.Output;

namespace Raif.Evaluation.Tests.Output;

public sealed class EvalOutputFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-evalout-").FullName;

    [Fact]
    public void Writes_items_scores_and_report_with_unrounded_floats_and_no_temp_files()
    {
        var items = new[] { new JsonObject { ["id"] = "a", ["score"] = 1.0 / 3 }, new JsonObject { ["id"] = "中", ["score"] = null } };
        var scores = new JsonObject { ["overall"] = 2.0 / 3 };
        EvalOutputFolder.Write(_dir, items, scores, "# report\n");

        Assert.Equal(["{\"id\":\"a\",\"score\":0.3333333333333333}", "{\"id\":\"中\",\"score\":null}"], File.ReadAllLines(Path.Combine(_dir, "items.jsonl")));
        Assert.Equal(2.0 / 3, JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "scores.json")))!["overall"]!.GetValue<double>());
        Assert.Equal("# report\n", File.ReadAllText(Path.Combine(_dir, "report.md")));
        Assert.Equal(3, Directory.GetFiles(_dir).Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
