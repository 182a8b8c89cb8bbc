using System.Text.Json;
using Parquet;
using Parquet.Serialization;
using Raif.Core.Jsonl;

namespace Raif.Data.Seeds;

/// <summary>
/// Reads candidate seed instructions from JSONL or Parquet (by the <c>.parquet</c> extension). Both go through
/// <see cref="SeedFile.InstructionOf"/> and <see cref="SeedFile.Normalise"/>: a Parquet row is turned into the JSON
/// object its columns spell (nested lists and structs included), so a chat log in Parquet takes its first user turn
/// exactly as in JSONL. A bad line or row is a <see cref="JsonlException"/> naming the file, the 1-based line (row for
/// Parquet) and the field, or, with <paramref name="skipBadLines"/>, handed to <paramref name="reportSkipped"/>.
/// </summary>
public static class SeedInput
{
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public static async Task<IReadOnlyList<SeedCandidate>> ReadAsync(
        string path, string field, bool skipBadLines, Action<JsonlException>? reportSkipped = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"seed input {path} does not exist", path);
        var candidates = new List<SeedCandidate>();
        void Take(JsonlLine line)
        {
            try
            {
                string text = SeedFile.Normalise(SeedFile.InstructionOf(line, field));
                if (text.Length == 0)
                    throw line.Error(field, "empty instruction");
                candidates.Add(new SeedCandidate(text, new SeedSource(path, line.LineNumber)));
            }
            catch (JsonlException e) when (skipBadLines)
            {
                reportSkipped?.Invoke(e);
            }
        }

        if (IsParquet(path))
        {
            foreach (var row in await ReadParquetRowsAsync(path, cancellationToken).ConfigureAwait(false))
                Take(row);
            return candidates;
        }
        foreach (var entry in JsonlReader.ReadEntries(path, cancellationToken))
        {
            if (entry.Error is not null)
            {
                if (!skipBadLines)
                    throw entry.Error;
                reportSkipped?.Invoke(entry.Error);
                continue;
            }
            Take(entry.Line!.Value);
        }
        return candidates;
    }

    /// <summary>Every row of a Parquet file as a JSON object, numbered from 1 across row groups.</summary>
    public static async Task<IReadOnlyList<JsonlLine>> ReadParquetRowsAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<JsonlLine>();
        try
        {
            await using var stream = File.OpenRead(path);
            int rowGroups;
            await using (var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false))
                rowGroups = reader.RowGroupCount;
            for (int group = 0; group < rowGroups; group++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stream.Position = 0;
                var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, group, cancellationToken).ConfigureAwait(false);
                foreach (var row in result.Data)
                    rows.Add(new JsonlLine(path, rows.Count + 1, JsonSerializer.SerializeToElement(row)));
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or JsonlException or FileNotFoundException))
        {
            throw new InvalidDataException($"{path}: not a readable Parquet file ({e.Message})", e);
        }
        return rows;
    }
}
