using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>Calls the REST API the way the React client does.</summary>
internal static class ApiClient
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object body) =>
        http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public static Task<HttpResponseMessage> GetWithTokenAsync(this HttpClient http, string path, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(this HttpClient http, string path) => http.GetAsync(new Uri(path, UriKind.Relative));

    public static async Task<(string Token, JsonElement User)> RegisterAsync(this HttpClient http, string email, string password = "secret1", string name = "홍길동")
    {
        var response = await http.PostJsonAsync("/api/auth/register", new { email, password, name, phone = "" });
        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.Created);
        return (body.GetProperty("token").GetString()!, body.GetProperty("user"));
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
