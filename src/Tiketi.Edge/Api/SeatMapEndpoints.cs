using Tiketi.Core.Seats;

namespace Tiketi.Edge.Api;

/// <summary><c>GET /api/seats/layouts</c> and <c>GET /api/seats/events/:eventId</c> (REST.md §3.12/3.13).</summary>
public static class SeatMapEndpoints
{
    /// <summary>Maps the seat read endpoints under the <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapSeatMapEndpoints(this RouteGroupBuilder api)
    {
        var seats = api.MapGroup("/seats");
        seats.MapGet("/layouts", async (SeatMaps seatMaps, CancellationToken cancellationToken) =>
            EventEndpoints.JsonText(await seatMaps.GetLayoutsJsonAsync(cancellationToken)))
            .WithFailureMessage("Failed to fetch seat layouts");
        seats.MapGet("/events/{eventId}", SeatMapAsync).WithFailureMessage("Failed to fetch seats");
        return seats;
    }

    private static async Task<IResult> SeatMapAsync(Guid eventId, HttpContext context, SeatMaps seatMaps, CancellationToken cancellationToken)
    {
        var header = await seatMaps.FindHeaderAsync(eventId, cancellationToken);
        if (header is null)
        {
            return ApiErrors.NotFound("Event not found");
        }

        if (header.LayoutJson is null)
        {
            return ApiErrors.NotFound("This event does not have seat selection");
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await seatMaps.WriteSeatMapAsync(header, context.Response.Body, cancellationToken);
        return Results.Empty;
    }
}
