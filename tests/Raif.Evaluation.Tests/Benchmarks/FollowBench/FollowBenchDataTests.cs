using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.FollowBench;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.Benchmarks.FollowBench;

public sealed class FollowBenchDataTests
{
    [Fact]
    public void A_bad_field_is_reported_with_file_line_and_field()
    {
        string dir = Directory.CreateTempSubdirectory("raif-fb-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "content_constraints.json"),
                "[\n {\"example_id\": 1, \"category\": \"content\", \"source\": \"E2E\", \"level\": 0, \"instruction\": \"a\", \"target\": \"\"},\n" +
                " {\"example_id\": 1, \"category\": \"content\", \"source\": \"E2E\", \"level\": \"one\", \"instruction\": \"b\", \"target\": \"\"}\n]");
            var e = Assert.Throws<JsonlException>(() => FollowBenchData.Read(dir, "content"));
            Assert.Equal(3, e.Line);
            Assert.Equal("level", e.Field);
            Assert.EndsWith("content_constraints.json", e.File);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [SkippableTheory]
    [InlineData(FollowBenchLanguage.En, 820, 350)]
    [InlineData(FollowBenchLanguage.Zh, 790, 330)]
    public void Rule_share_matches_the_data_readme(FollowBenchLanguage language, int items, int ruleItems)
    {
        string dir = TestDataFolder.External("followbench");
        var data = FollowBenchEvaluation.ReadData(dir, language);
        var methods = data.Values.SelectMany(r => r).Select(r => FollowBenchData.MethodOf(r, language)).Where(m => m is not null).ToList();
        Assert.Equal(items, methods.Count);
        Assert.Equal(ruleItems, methods.Count(m => m == FollowBenchMethod.Rule));
    }
}
