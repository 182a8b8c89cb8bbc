namespace Raif.Core.Jsonl;

/// <summary>
/// A record in a JSONL file is unusable. The message always names the file, the 1-based line and, where one
/// is at fault, the field, so a user can open the file and fix it.
/// </summary>
public sealed class JsonlException : Exception
{
    public JsonlException(string file, long line, string? field, string problem, Exception? inner = null)
        : base(Describe(file, line, field, problem), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string File { get; }

    public long Line { get; }

    public string? Field { get; }

    public string Problem { get; }

    private static string Describe(string file, long line, string? field, string problem) =>
        field is null ? $"{file}:{line}: {problem}" : $"{file}:{line}: field '{field}': {problem}";
}
