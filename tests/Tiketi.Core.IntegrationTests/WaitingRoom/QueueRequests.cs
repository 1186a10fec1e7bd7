using System.Text.Json;
using Tiketi.Core.IntegrationTests.Admin;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>The waiting-room and purchase calls the client makes, on the shared <see cref="AdminClient"/>.</summary>
public static class QueueRequests
{
    /// <summary>POST /api/queue/check/:eventId with <c>{}</c>, as the event page does.</summary>
    public static Task<ApiResponse> CheckAsync(this AdminClient client, Guid eventId) => client.PostAsync($"/api/queue/check/{eventId}", "{}");

    /// <summary>GET /api/api/queue/status/:eventId, the path the waiting-room modal really calls.</summary>
    public static Task<ApiResponse> StatusAsync(this AdminClient client, Guid eventId) => client.GetAsync($"/api/api/queue/status/{eventId}");

    /// <summary>Holds seats.</summary>
    public static Task<ApiResponse> HoldAsync(this AdminClient client, Guid eventId, params Guid[] seatIds) =>
        client.PostAsync("/api/seats/reserve", JsonSerializer.Serialize(new { eventId = eventId.ToString(), seatIds = seatIds.Select(s => s.ToString()).ToArray() }));

    /// <summary>Buys a quantity of one ticket type.</summary>
    public static Task<ApiResponse> PurchaseAsync(this AdminClient client, Guid eventId, Guid ticketTypeId, int quantity) =>
        client.PostAsync("/api/reservations", JsonSerializer.Serialize(new { eventId = eventId.ToString(), items = new[] { new { ticketTypeId = ticketTypeId.ToString(), quantity } } }));
}
