using System.Text.Json;
using Raif.Data.Seeds;
using Raif.Data.Stages;

namespace Raif.Data.Tests.Models;

/// <summary>Seed files in the seeds stage's format, and the files a model stage leaves, for the stage tests.</summary>
internal static class StageFiles
{
    /// <summary>Writes <paramref name="count"/> built-in seeds, English and Chinese alternating, as {id, text, language, source} lines.</summary>
    public static string WriteSeeds(string dir, int count)
    {
        var en = BuiltinSeeds.Seeds.Where(s => s.Language == Seed.English).ToList();
        var zh = BuiltinSeeds.Seeds.Where(s => s.Language == Seed.Chinese).ToList();
        var lines = Enumerable.Range(0, count).Select(i =>
        {
            var seed = i % 2 == 0 ? en[i / 2] : zh[i / 2];
            return JsonSerializer.Serialize(new { id = $"seed-{i:000}", text = seed.Text, language = seed.Language, source = "builtin" });
        });
        string path = Path.Combine(dir, "seeds.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The output, the drops and the journal of a stage's output file, as bytes (missing files as empty).</summary>
    public static (byte[] Output, byte[] Drops) Read(string outputPath) =>
        (ReadOrEmpty(outputPath), ReadOrEmpty(StageRunner.DropsPath(outputPath)));

    private static byte[] ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];
}
