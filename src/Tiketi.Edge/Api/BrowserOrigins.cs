namespace Tiketi.Edge.Api;

/// <summary>
/// The browser origins allowed to call the edge cross-origin — one list for REST CORS and Socket.IO long-polling
/// CORS alike: <c>CORS_ORIGINS</c>, else <c>FRONTEND_URL</c> (comma-separated; <c>*</c> = any origin); with neither,
/// the client's dev server (REST.md §1.1) under both names a browser may use for it. Development always adds those.
/// </summary>
internal static class BrowserOrigins
{
    /// <summary>Any origin.</summary>
    public const string Any = "*";

    private static readonly string[] DevServer = ["http://localhost:3000", "http://127.0.0.1:3000"];

    /// <summary>The allowed origins for this configuration.</summary>
    public static IReadOnlyList<string> From(IConfiguration configuration, bool development)
    {
        var origins = (configuration["CORS_ORIGINS"] ?? configuration["FRONTEND_URL"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/'))
            .ToList();
        if (origins.Count == 0 || development)
        {
            origins.AddRange(DevServer);
        }

        return origins.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
