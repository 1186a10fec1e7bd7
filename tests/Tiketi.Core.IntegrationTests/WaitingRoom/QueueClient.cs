using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>Calls one server's REST API as one user (or anonymously), the way the client does.</summary>
public sealed class QueueClient(HttpClient http, string? token)
{
    /// <summary>GET.</summary>
    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    /// <summary>POST with a raw JSON body.</summary>
    public Task<ApiResponse> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, Json(json));

    /// <summary>POST without a body and without Content-Type.</summary>
    public Task<ApiResponse> PostEmptyAsync(string path) => SendAsync(HttpMethod.Post, path, null);

    /// <summary>PUT with a raw JSON body.</summary>
    public Task<ApiResponse> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, Json(json));

    /// <summary>POST /api/queue/check/:eventId with <c>{}</c>, as the event page does.</summary>
    public Task<ApiResponse> CheckAsync(Guid eventId) => PostAsync($"/api/queue/check/{eventId}", "{}");

    /// <summary>GET /api/api/queue/status/:eventId, the path the waiting-room modal really calls.</summary>
    public Task<ApiResponse> StatusAsync(Guid eventId) => GetAsync($"/api/api/queue/status/{eventId}");

    /// <summary>Holds seats.</summary>
    public Task<ApiResponse> HoldAsync(Guid eventId, params Guid[] seatIds) =>
        PostAsync("/api/seats/reserve", JsonSerializer.Serialize(new { eventId = eventId.ToString(), seatIds = seatIds.Select(s => s.ToString()).ToArray() }));

    /// <summary>Buys a quantity of one ticket type.</summary>
    public Task<ApiResponse> PurchaseAsync(Guid eventId, Guid ticketTypeId, int quantity) =>
        PostAsync("/api/reservations", JsonSerializer.Serialize(new { eventId = eventId.ToString(), items = new[] { new { ticketTypeId = ticketTypeId.ToString(), quantity } } }));

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
