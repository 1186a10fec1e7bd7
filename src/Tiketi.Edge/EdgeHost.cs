using System.Globalization;

namespace Tiketi.Edge;

/// <summary>Composition of the edge: services and endpoints, shared by Program and the tests.</summary>
public static class EdgeHost
{
    /// <summary>Where the edge listens when neither --urls nor ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:3001";

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/health", () => Results.Text(
            "{\"status\":\"OK\",\"timestamp\":\"" + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"}",
            "application/json; charset=utf-8"));
    }
}
