namespace Raif.Server.Hosting;

/// <summary>
/// A request the server refuses, with the HTTP status and an OpenAI-style error body
/// (<c>{"error": {"message", "type", "param", "code"}}</c>).
/// </summary>
public sealed class ApiException(int status, string message, string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The request field at fault, if any.</summary>
    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>OpenAI's error type for the status.</summary>
    public string Type => Status switch
    {
        401 => "authentication_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 or 503 => "server_busy",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    public static ApiException BadRequest(string message, string? param = null) => new(400, message, param);
}
