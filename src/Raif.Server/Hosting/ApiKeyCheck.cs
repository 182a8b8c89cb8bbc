using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Raif.Server.Hosting;

/// <summary>Bearer-token check for every request except <c>GET /health</c> (load balancers probe it without a key).</summary>
internal static class ApiKeyCheck
{
    public static void Require(HttpContext http, byte[] key)
    {
        if (http.Request.Path.Equals("/health", StringComparison.Ordinal))
            return;
        string header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw new ApiException(401, "missing API key: send 'Authorization: Bearer <key>'", code: "invalid_api_key");
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(given, key))
            throw new ApiException(401, "invalid API key", code: "invalid_api_key");
    }
}
