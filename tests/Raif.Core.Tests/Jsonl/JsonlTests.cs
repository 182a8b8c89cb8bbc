using Raif.Core.Jsonl;
using Raif.Core.Records;

namespace Raif.Core.Tests.Jsonl;

public sealed class JsonlTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Rl_prompts_load_with_defaults_and_utf8()
    {
        string path = Write("p.jsonl",
            "{\"input\":\"<|im_start|>user\\n你好<|im_end|>\\n<|im_start|>assistant\\n<think>\",\"target\":\"35\"}\n" +
            "\n" +
            "{\"input\":\"x\",\"target\":{\"instruction_id_list\":[]},\"task\":\"ifeval\",\"answer\":\"ignored\"}\n");
        var prompts = RlPrompt.ReadAll(path).ToList();
        Assert.Equal(2, prompts.Count);
        Assert.Equal("default", prompts[0].Task);
        Assert.Contains("你好", prompts[0].Input);
        Assert.Equal("x<think>\n", prompts[1].Input);
        Assert.Equal("{\"instruction_id_list\":[]}", prompts[1].Target);
    }

    [Fact]
    public void Malformed_json_names_file_and_line()
    {
        string path = Write("bad.jsonl", "{\"input\":\"a\",\"target\":\"1\"}\n{\"input\": oops}\n");
        var e = Assert.Throws<JsonlException>(() => RlPrompt.ReadAll(path).ToList());
        Assert.Equal(2, e.Line);
        Assert.Equal(path, e.File);
        Assert.StartsWith($"{path}:2: not valid JSON", e.Message);
    }

    [Fact]
    public void Entries_carry_each_bad_line_as_an_error_and_go_on()
    {
        string path = Write("mixed.jsonl", "{\"a\":1}\n{oops\n\n[2]\n{\"a\":3}\n");
        File.AppendAllBytes(path, [0xff, 0xfe, (byte)'\n', (byte)'{', (byte)'}', (byte)'\n']);
        var entries = JsonlReader.ReadEntries(path).ToList();
        Assert.Equal([1L, 2, 4, 5, 6, 7], entries.Select(e => e.LineNumber));
        Assert.Equal(1, entries[0].Line!.Value.Value.GetProperty("a").GetInt32());
        Assert.StartsWith("not valid JSON", entries[1].Error!.Problem);
        Assert.Equal("expected a JSON object, found an array", entries[2].Error!.Problem);
        Assert.Equal(3, entries[3].Line!.Value.Value.GetProperty("a").GetInt32());
        Assert.Equal("not valid UTF-8", entries[4].Error!.Problem);
        Assert.Equal(6, entries[4].Error!.Line);
        Assert.NotNull(entries[5].Line);
        Assert.All(entries, e => Assert.True(e.Line is null ^ e.Error is null));
    }

    [Fact]
    public void Missing_or_ill_typed_fields_are_named()
    {
        string missing = Write("m.jsonl", "{\"target\":\"1\"}\n");
        var e1 = Assert.Throws<JsonlException>(() => RlPrompt.ReadAll(missing).ToList());
        Assert.Equal("input", e1.Field);
        Assert.Equal($"{missing}:1: field 'input': missing", e1.Message);

        string typed = Write("t.jsonl", "{\"input\":\"a\",\"target\":\"1\",\"task\":7}\n");
        var e2 = Assert.Throws<JsonlException>(() => RlPrompt.ReadAll(typed).ToList());
        Assert.Equal("task", e2.Field);
        Assert.Contains("expected a string, found a number", e2.Message);
    }

    [Fact]
    public void Unknown_task_is_an_error_not_a_default()
    {
        string path = Write("u.jsonl", "{\"input\":\"a\",\"target\":\"1\",\"task\":\"poetry\"}\n");
        var e = Assert.Throws<JsonlException>(() => RlPrompt.ReadAll(path).ToList());
        Assert.Equal("task", e.Field);
        Assert.Contains("unknown task 'poetry'", e.Message);
    }

    [Fact]
    public void A_non_object_line_is_rejected()
    {
        string path = Write("a.jsonl", "[1,2]\n");
        var e = Assert.Throws<JsonlException>(() => JsonlReader.ReadLines(path).ToList());
        Assert.Contains("expected a JSON object, found an array", e.Message);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        string path = Path.Combine(_dir, "b.jsonl");
        File.WriteAllBytes(path, [.. "{\"a\":\"ok\"}\n"u8, (byte)'{', 0xff, 0xfe, (byte)'}', (byte)'\n']);
        var e = Assert.Throws<JsonlException>(() => JsonlReader.ReadLines(path).ToList());
        Assert.Equal(2, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Sft_pairs_reject_empty_fields()
    {
        string path = Write("s.jsonl", "{\"question\":\"q\",\"answer\":\"\"}\n");
        var e = Assert.Throws<JsonlException>(() => SftPair.ReadAll(path).ToList());
        Assert.Equal("answer", e.Field);
    }

    [Fact]
    public void Writer_replaces_the_target_only_on_commit()
    {
        string path = Write("out.jsonl", "old\n");
        using (var writer = new JsonlWriter(path))
        {
            writer.Write(new { text = "new", n = 1 });
            Assert.Equal("old\n", File.ReadAllText(path));
        }
        // Disposed without commit: the old file is intact and no temporary file is left behind.
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));

        using (var writer = new JsonlWriter(path))
        {
            writer.Write(new { text = "你好", token_ids = new[] { 1, 2 } });
            writer.Write(new { text = "b", token_ids = Array.Empty<int>() });
            writer.Commit();
        }
        Assert.Equal("{\"text\":\"你好\",\"token_ids\":[1,2]}\n{\"text\":\"b\",\"token_ids\":[]}\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Round_trip_of_rollouts()
    {
        string path = Path.Combine(_dir, "r.jsonl");
        JsonlWriter.WriteAll(path, new[] { new { id = "a1", input = "p<think>", output = "x</think>", target = "{}", task = "complex" } });
        var r = Rollout.ReadAll(path).Single();
        Assert.Equal(new Rollout("a1", "p<think>", "x</think>", "{}", "complex"), r);
        Assert.Equal("p<think>x</think>", r.Sequence);
    }

    [Fact]
    public void Atomic_file_write_leaves_no_temporary_file()
    {
        string path = Path.Combine(_dir, "sub", "f.json");
        AtomicFile.WriteAllText(path, "{}");
        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
