using System.Reflection;
using System.Text.Json;

namespace Raif.Data.Resources;

/// <summary>The data files shipped inside Raif.Data (seeds, conflict tables, constraint wording).</summary>
internal static class DataResources
{
    public static string ReadText(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Raif.Data." + fileName)
            ?? throw new InvalidOperationException($"resource {fileName} missing from Raif.Data");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static JsonDocument ReadJson(string fileName) => JsonDocument.Parse(ReadText(fileName));
}
