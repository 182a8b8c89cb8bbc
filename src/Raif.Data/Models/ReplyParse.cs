namespace Raif.Data.Models;

/// <summary>The result of parsing a model reply in a strict format: the value, or why the reply breaks the format.</summary>
public sealed record ReplyParse<T>(T? Value, string? Error)
    where T : class
{
    public static ReplyParse<T> Ok(T value) => new(value, null);

    public static ReplyParse<T> Fail(string error) => new(null, error);

    public bool IsOk => Value is not null;
}
