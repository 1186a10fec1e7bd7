using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Tiketi.LoadTests;

/// <summary>REST calls as the React client makes them (bearer token, JSON body), shared by the scenarios.</summary>
internal static class BenchHttp
{
    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with an optional JSON body; returns the status and the body text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>POST; see <see cref="SendAsync"/>.</summary>
    public static Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string path, string token, string? json, CancellationToken cancellationToken) =>
        SendAsync(http, HttpMethod.Post, path, token, json, cancellationToken);
}
