using System.Net;

namespace Raif.Server.Hosting;

/// <summary>Where to bind, and whether that is loopback only (anything else needs an API key).</summary>
internal static class ListenAddress
{
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The address to listen on; null for <c>localhost</c> (both loopback families).</summary>
    public static IPAddress? Parse(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return null;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            return ip;
        throw new ArgumentException($"host '{host}' must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or 'localhost'");
    }
}
