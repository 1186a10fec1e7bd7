using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>Calls the edge's REST API as one user, the way the client does (axios: JSON bodies, bearer token).</summary>
public sealed class TicketingClient(HttpClient http, string? token)
{
    /// <summary>POST with a JSON body (raw text, so tests can send anything).</summary>
    public Task<ApiResponse> PostAsync(string path, string json) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POST with a JSON body serialized from <paramref name="body"/>.</summary>
    public Task<ApiResponse> PostAsync(string path, object body) => PostAsync(path, JsonSerializer.Serialize(body));

    /// <summary>POST without a body and without Content-Type (axios with no data).</summary>
    public Task<ApiResponse> PostEmptyAsync(string path) => SendAsync(HttpMethod.Post, path, null);

    /// <summary>GET.</summary>
    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    /// <summary>Holds seats.</summary>
    public Task<ApiResponse> HoldAsync(Guid eventId, params Guid[] seatIds) =>
        PostAsync("/api/seats/reserve", new { eventId = eventId.ToString(), seatIds = seatIds.Select(s => s.ToString()).ToArray() });

    /// <summary>Pays a reservation.</summary>
    public Task<ApiResponse> PayAsync(Guid reservationId, string method = "kakao_pay") =>
        PostAsync("/api/payments/process", new { reservationId = reservationId.ToString(), paymentMethod = method });

    /// <summary>Buys quantities of ticket types.</summary>
    public Task<ApiResponse> PurchaseAsync(Guid eventId, params (Guid TicketTypeId, int Quantity)[] items) =>
        PostAsync("/api/reservations", new { eventId = eventId.ToString(), items = items.Select(i => new { ticketTypeId = i.TicketTypeId.ToString(), quantity = i.Quantity }).ToArray() });

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
