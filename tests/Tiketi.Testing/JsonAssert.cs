using System.Net;
using System.Text.Json;
using Xunit;

namespace Tiketi.Testing;

/// <summary>Small helpers for asserting contract JSON responses.</summary>
public static class JsonAssert
{
    /// <summary>Asserts the status and returns the parsed body.</summary>
    public static async Task<JsonElement> StatusAndBodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a contract error: the status and <c>{"error": message}</c> exactly.</summary>
    public static async Task ErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string message)
    {
        var body = await StatusAndBodyAsync(response, expected);
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal(message, body.GetProperty("error").GetString());
    }

    /// <summary>Asserts that an object has exactly these property names, in any order.</summary>
    public static void HasExactlyProperties(JsonElement element, params string[] names)
    {
        var actual = element.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal).ToArray(), actual);
    }

    /// <summary>Asserts an ISO-8601 UTC timestamp in the contract format.</summary>
    public static void IsContractTimestamp(JsonElement element) =>
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", element.GetString());
}
