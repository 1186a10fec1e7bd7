using System.Text.Json;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;

namespace Tiketi.Edge.Api;

/// <summary>The seat hold endpoints: <c>POST /api/seats/reserve</c> (3.14) and <c>GET /api/seats/reservation/:id</c> (3.15).</summary>
public static class SeatEndpoints
{
    /// <summary>Maps the seat hold endpoints onto the <c>/api</c> group.</summary>
    public static IEndpointRouteBuilder MapSeatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/seats/reserve", ReserveAsync).RequireUser().WithFailureMessage("Failed to reserve seats");
        endpoints.MapGet("/seats/reservation/{reservationId}", GetReservationAsync).RequireUser().WithFailureMessage("Failed to fetch reservation");
        return endpoints;
    }

    private static async Task<IResult> ReserveAsync(HttpContext context, SeatHoldService holds)
    {
        var (document, rejection) = await TicketingRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (document is null)
        {
            return rejection!;
        }

        using (document)
        {
            var body = document.RootElement;
            if (!body.TryGetProperty("seatIds", out var seatArray) || seatArray.ValueKind != JsonValueKind.Array || seatArray.GetArrayLength() == 0)
            {
                return TicketingJson.Error(StatusCodes.Status400BadRequest, TicketingMessages.SelectAtLeastOneSeat);
            }

            if (!TicketingRequestBody.TryGetGuid(body, "eventId", out var eventId))
            {
                return TicketingJson.Error(StatusCodes.Status400BadRequest, TicketingMessages.EventNotFound);
            }

            var seatIds = new List<Guid>(seatArray.GetArrayLength());
            foreach (var element in seatArray.EnumerateArray())
            {
                if (!TicketingRequestBody.TryGetGuid(element, out var seatId))
                {
                    return TicketingJson.Error(StatusCodes.Status400BadRequest, TicketingMessages.SeatNotFound);
                }

                seatIds.Add(seatId);
            }

            var result = await holds.HoldAsync(context.GetCurrentUser().Id, eventId, seatIds, context.RequestAborted);
            return result.Succeeded ? HoldCreated(result.Value) : TicketingJson.Error(TicketingJson.StatusOf(result.Failure), result.Failure.Message);
        }
    }

    private static async Task<IResult> GetReservationAsync(string reservationId, HttpContext context, ReservationQueries queries)
    {
        if (!Guid.TryParse(reservationId, out var id))
        {
            return TicketingJson.Error(StatusCodes.Status404NotFound, TicketingMessages.HoldNotFound);
        }

        var reservation = await queries.FindAsync(context.GetCurrentUser().Id, id, context.RequestAborted);
        return reservation is null
            ? TicketingJson.Error(StatusCodes.Status404NotFound, TicketingMessages.HoldNotFound)
            : TicketingJson.Response(StatusCodes.Status200OK, w => WriteSeatReservation(w, reservation));
    }

    private static IResult HoldCreated(SeatHold hold) => TicketingJson.Response(StatusCodes.Status201Created, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", "좌석이 선택되었습니다.");
        w.WriteStartObject("reservation");
        w.WriteString("id", hold.ReservationId.ToString());
        w.WriteString("reservationNumber", hold.ReservationNumber);
        w.WriteNumber("totalAmount", hold.TotalAmount);
        TicketingJson.WriteTime(w, "expiresAt", hold.ExpiresAt);
        w.WriteStartArray("seats");
        foreach (var seat in hold.Seats)
        {
            w.WriteStartObject();
            w.WriteString("id", seat.Id.ToString());
            w.WriteString("seat_label", seat.Label);
            w.WriteNumber("price", seat.Price);
            w.WriteString("status", "available"); // the status read before locking, as the contract shows
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteSeatReservation(Utf8JsonWriter w, ReservationView r)
    {
        w.WriteStartObject();
        w.WriteStartObject("reservation");
        w.WriteString("id", r.Id.ToString());
        w.WriteString("reservation_number", r.ReservationNumber);
        w.WriteNumber("total_amount", r.TotalAmount);
        w.WriteString("status", r.Status);
        w.WriteString("payment_status", r.PaymentStatus);
        TicketingJson.WriteNullable(w, "payment_method", r.PaymentMethod);
        TicketingJson.WriteTime(w, "expires_at", r.ExpiresAt);
        TicketingJson.WriteTime(w, "created_at", r.CreatedAt);
        TicketingJson.WriteNullable(w, "event_id", r.EventId);
        TicketingJson.WriteNullable(w, "event_title", r.EventTitle);
        TicketingJson.WriteNullable(w, "venue", r.Venue);
        TicketingJson.WriteTime(w, "event_date", r.EventDate);
        w.WriteStartArray("seats");
        foreach (var item in r.Items)
        {
            w.WriteStartObject();
            TicketingJson.WriteNullable(w, "seatId", item.SeatId);
            TicketingJson.WriteNullable(w, "seatLabel", item.SeatLabel);
            TicketingJson.WriteNullable(w, "section", item.Section);
            TicketingJson.WriteNullable(w, "rowNumber", item.RowNumber);
            TicketingJson.WriteNullable(w, "seatNumber", item.SeatNumber);
            w.WriteNumber("price", item.UnitPrice);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (r.IsExpired)
        {
            // Present only when expired: the Payment page checks it before payment_status.
            w.WriteBoolean("isExpired", true);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
