using System.Net;
using System.Text.Json;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>A response's status and parsed JSON body.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">The JSON body (undefined when the body was empty).</param>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body)
{
    /// <summary>The body's <c>error</c> string.</summary>
    public string? Error => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    /// <summary>The names of an object's properties, in order.</summary>
    public static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
