using System.Text.Json;

namespace Raif.Data.Tests.Fakes;

/// <summary>JSONL files for stage tests.</summary>
internal static class TestFiles
{
    public static string WriteJsonl(string path, IEnumerable<object> records)
    {
        File.WriteAllLines(path, records.Select(r => JsonSerializer.Serialize(r)));
        return path;
    }

    public static List<JsonElement> ReadJsonl(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
