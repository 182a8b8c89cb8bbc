using System.Text.Json.Serialization;
using Parquet.Serialization;
using Raif.Core.Jsonl;
using Raif.Data.Seeds;

namespace Raif.Data.Tests.Seeds;

public sealed class SeedInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-seed-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Turn
    {
        [JsonPropertyName("role")]
        public string? Role { get; set; }

        [JsonPropertyName("content")]
        public string? Content { get; set; }
    }

    private sealed class Row
    {
        [JsonPropertyName("prompt")]
        public string? Prompt { get; set; }

        [JsonPropertyName("messages")]
        public List<Turn>? Messages { get; set; }
    }

    private async Task<string> WriteParquet(params Row[] rows)
    {
        string path = Path.Combine(_dir, "seeds.parquet");
        await ParquetSerializer.SerializeAsync(rows, path);
        return path;
    }

    [Fact]
    public async Task Parquet_rows_round_trip_with_the_field_or_the_first_user_turn_normalised()
    {
        string path = await WriteParquet(
            new Row { Prompt = "  Write a haiku\r\nabout   rain.  " },
            new Row { Messages = [new Turn { Role = "system", Content = "Be brief." }, new Turn { Role = "user", Content = "Summarise this article." }, new Turn { Role = "user", Content = "second" }] },
            new Row { Prompt = "Cafe\u0301 menu ideas" });

        var seeds = await SeedInput.ReadAsync(path, "prompt", skipBadLines: false);

        Assert.Equal(["Write a haiku\nabout rain.", "Summarise this article.", "Caf\u00e9 menu ideas"], seeds.Select(s => s.Text));
        Assert.Equal([1L, 2L, 3L], seeds.Select(s => s.Source.Line));
        Assert.All(seeds, s => Assert.Equal(path, s.Source.File));
    }

    [Fact]
    public async Task A_bad_parquet_row_names_file_row_and_field_or_is_skipped()
    {
        string path = await WriteParquet(new Row { Prompt = "Plan a picnic." }, new Row { Prompt = "   " }, new Row());

        var error = await Assert.ThrowsAsync<JsonlException>(() => SeedInput.ReadAsync(path, "prompt", skipBadLines: false));
        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal("prompt", error.Field);

        var skipped = new List<JsonlException>();
        var seeds = await SeedInput.ReadAsync(path, "prompt", skipBadLines: true, skipped.Add);
        Assert.Equal(["Plan a picnic."], seeds.Select(s => s.Text));
        Assert.Equal([2L, 3L], skipped.Select(e => e.Line));
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_an_error_naming_it()
    {
        string path = Path.Combine(_dir, "broken.parquet");
        File.WriteAllText(path, "not parquet at all");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SeedInput.ReadAsync(path, "prompt", skipBadLines: false));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task Jsonl_takes_the_field_or_the_first_user_turn_and_names_a_bad_line()
    {
        string path = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(path,
        [
            "{\"q\": \"Draft a toast for a wedding.\"}",
            "{\"conversations\": [{\"from\": \"human\", \"value\": \"Name three rivers.\"}]}",
            "{\"q\": 7}",
        ]);
        var error = await Assert.ThrowsAsync<JsonlException>(() => SeedInput.ReadAsync(path, "q", skipBadLines: false));
        Assert.Equal((3L, "q"), (error.Line, error.Field));
        var seeds = await SeedInput.ReadAsync(path, "q", skipBadLines: true);
        Assert.Equal(["Draft a toast for a wedding.", "Name three rivers."], seeds.Select(s => s.Text));
    }
}
