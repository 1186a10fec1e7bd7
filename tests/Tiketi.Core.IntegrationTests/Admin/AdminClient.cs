using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Calls the edge as one user the way the admin pages do (axios: JSON bodies, bearer token, body-less POST/DELETE).</summary>
public sealed class AdminClient(HttpClient http, string? token)
{
    /// <summary>GET.</summary>
    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    /// <summary>POST with raw JSON text.</summary>
    public Task<ApiResponse> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, Json(json));

    /// <summary>POST with a serialized object.</summary>
    public Task<ApiResponse> PostAsync(string path, object body) => PostAsync(path, JsonSerializer.Serialize(body));

    /// <summary>POST with no body and no Content-Type.</summary>
    public Task<ApiResponse> PostEmptyAsync(string path) => SendAsync(HttpMethod.Post, path, null);

    /// <summary>PUT with a serialized object.</summary>
    public Task<ApiResponse> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, Json(JsonSerializer.Serialize(body)));

    /// <summary>PUT with raw JSON text.</summary>
    public Task<ApiResponse> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, Json(json));

    /// <summary>PATCH with a serialized object.</summary>
    public Task<ApiResponse> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, Json(JsonSerializer.Serialize(body)));

    /// <summary>PATCH with raw JSON text.</summary>
    public Task<ApiResponse> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, Json(json));

    /// <summary>DELETE with no body.</summary>
    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    /// <summary>Any method with no body.</summary>
    public Task<ApiResponse> SendAsync(HttpMethod method, string path) => SendAsync(method, path, null);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(response.StatusCode, body);
    }
}
