using Tiketi.Core.Events;

namespace Tiketi.Edge.Api;

/// <summary><c>GET /api/tickets/event/:eventId</c> and <c>GET /api/tickets/availability/:ticketTypeId</c> (REST.md §3.6/3.7).</summary>
public static class TicketEndpoints
{
    /// <summary>Maps the ticket read endpoints under the <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapTicketEndpoints(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets");
        tickets.MapGet("/event/{eventId}", async (Guid eventId, EventCatalog catalog, CancellationToken cancellationToken) =>
            EventEndpoints.JsonText(await catalog.GetTicketTypesJsonAsync(eventId, cancellationToken)))
            .WithFailureMessage("티켓 정보를 불러오는데 실패했습니다.");
        tickets.MapGet("/availability/{ticketTypeId}", async (Guid ticketTypeId, EventCatalog catalog, CancellationToken cancellationToken) =>
            await catalog.GetAvailabilityAsync(ticketTypeId, cancellationToken) is { } stock
                ? Results.Json(new { available_quantity = stock.Available, total_quantity = stock.Total }, ApiJson.Options)
                : ApiErrors.NotFound("티켓 타입을 찾을 수 없습니다."))
            .WithFailureMessage("재고 확인에 실패했습니다.");
        return tickets;
    }
}
