namespace Raif.Core.Jsonl;

/// <summary>
/// One non-blank line of a JSONL file read with <see cref="JsonlReader.ReadEntries"/>: either the parsed
/// <see cref="Line"/> or the <see cref="Error"/> that says why it is not a JSON object.
/// </summary>
public readonly record struct JsonlEntry(long LineNumber, JsonlLine? Line, JsonlException? Error);
