using System.Text.Json;
using Tiketi.Core.Reservations;

namespace Tiketi.Edge.Api;

/// <summary>
/// Reservation endpoints: quantity purchase (3.8), my list (3.9), detail (3.10) and cancel (3.11).
/// Another user's reservation answers exactly like a missing one (404).
/// </summary>
public static class ReservationEndpoints
{
    /// <summary>Maps the reservation endpoints (<c>/my</c> is a literal and wins over <c>{id}</c>).</summary>
    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/reservations", PurchaseAsync).RequireUser().WithFailureMessage("예매에 실패했습니다.");
        endpoints.MapGet("/reservations/my", MineAsync).RequireUser().WithFailureMessage("예매 내역을 불러오는데 실패했습니다.");
        endpoints.MapGet("/reservations/{id}", DetailAsync).RequireUser().WithFailureMessage("예매 정보를 불러오는데 실패했습니다.");
        endpoints.MapPost("/reservations/{id}/cancel", CancelAsync).RequireUser().WithFailureMessage("예매 취소에 실패했습니다.");
        return endpoints;
    }

    private static async Task<IResult> PurchaseAsync(HttpContext context, TicketPurchaseService purchases)
    {
        var (document, rejection) = await TicketingRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (document is null)
        {
            return rejection!;
        }

        using (document)
        {
            var (eventId, items, invalid) = ParsePurchase(document.RootElement);
            if (invalid is not null)
            {
                return TicketingJson.Error(StatusCodes.Status400BadRequest, invalid);
            }

            var result = await purchases.PurchaseAsync(context.GetCurrentUser().Id, eventId, items, context.RequestAborted);
            if (!result.Succeeded)
            {
                return TicketingJson.Error(TicketingJson.StatusOf(result.Failure), result.Failure.Message);
            }

            var purchase = result.Value;
            return TicketingJson.Response(StatusCodes.Status201Created, w =>
            {
                w.WriteStartObject();
                w.WriteString("message", "예매가 완료되었습니다.");
                w.WriteStartObject("reservation");
                w.WriteString("id", purchase.ReservationId.ToString());
                w.WriteString("reservationNumber", purchase.ReservationNumber);
                w.WriteNumber("totalAmount", purchase.TotalAmount);
                TicketingJson.WriteTime(w, "expiresAt", purchase.ExpiresAt);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
    }

    // Validation order follows the contract: items, quantities, then ids.
    private static (Guid EventId, List<TicketPurchaseItem> Items, string? Invalid) ParsePurchase(JsonElement body)
    {
        var items = new List<TicketPurchaseItem>();
        if (!body.TryGetProperty("items", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            return (default, items, TicketingMessages.SelectTickets);
        }

        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return (default, items, TicketingMessages.SelectTickets);
            }

            if (!element.TryGetProperty("quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number
                || !quantity.TryGetDecimal(out var amount) || amount < 1 || amount != decimal.Truncate(amount))
            {
                return (default, items, TicketingMessages.QuantityAtLeastOne);
            }

            if (!TicketingRequestBody.TryGetGuid(element, "ticketTypeId", out var ticketTypeId))
            {
                return (default, items, TicketingMessages.TicketNotFound);
            }

            // Anything beyond int range is far past the per-purchase cap the service enforces.
            items.Add(new TicketPurchaseItem(ticketTypeId, amount > int.MaxValue ? int.MaxValue : (int)amount));
        }

        if (!TicketingRequestBody.TryGetGuid(body, "eventId", out var eventId))
        {
            return (default, items, TicketingMessages.EventNotFound);
        }

        return (eventId, items, null);
    }

    private static async Task<IResult> MineAsync(HttpContext context, ReservationQueries queries)
    {
        var reservations = await queries.MineAsync(context.GetCurrentUser().Id, context.RequestAborted);
        return TicketingJson.Response(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("reservations");
            foreach (var r in reservations)
            {
                w.WriteStartObject();
                WriteHeader(w, r, detail: false);
                WriteItems(w, r, detail: false);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> DetailAsync(string id, HttpContext context, ReservationQueries queries)
    {
        if (!Guid.TryParse(id, out var reservationId))
        {
            return TicketingJson.Error(StatusCodes.Status404NotFound, TicketingMessages.ReservationNotFound);
        }

        var r = await queries.FindAsync(context.GetCurrentUser().Id, reservationId, context.RequestAborted);
        if (r is null)
        {
            return TicketingJson.Error(StatusCodes.Status404NotFound, TicketingMessages.ReservationNotFound);
        }

        return TicketingJson.Response(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("reservation");
            WriteHeader(w, r, detail: true);
            WriteItems(w, r, detail: true);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    // No body and no Content-Type: the client posts nothing, so nothing is read.
    private static async Task<IResult> CancelAsync(string id, HttpContext context, ReservationCancellationService cancellations)
    {
        if (!Guid.TryParse(id, out var reservationId))
        {
            return TicketingJson.Error(StatusCodes.Status404NotFound, TicketingMessages.ReservationNotFound);
        }

        var result = await cancellations.CancelAsync(context.GetCurrentUser().Id, reservationId, context.RequestAborted);
        return result.Succeeded
            ? TicketingJson.Response(StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("message", "예매가 취소되었습니다.");
                w.WriteEndObject();
            })
            : TicketingJson.Error(TicketingJson.StatusOf(result.Failure), result.Failure.Message);
    }

    private static void WriteHeader(Utf8JsonWriter w, ReservationView r, bool detail)
    {
        w.WriteString("id", r.Id.ToString());
        w.WriteString("reservation_number", r.ReservationNumber);
        w.WriteNumber("total_amount", r.TotalAmount);
        w.WriteString("status", r.Status);
        w.WriteString("payment_status", r.PaymentStatus);
        if (detail)
        {
            TicketingJson.WriteNullable(w, "payment_method", r.PaymentMethod);
        }

        TicketingJson.WriteTime(w, "created_at", r.CreatedAt);
        if (detail)
        {
            TicketingJson.WriteNullable(w, "event_id", r.EventId);
        }

        TicketingJson.WriteNullable(w, "event_title", r.EventTitle);
        TicketingJson.WriteNullable(w, "venue", r.Venue);
        TicketingJson.WriteTime(w, "event_date", r.EventDate);
        if (detail)
        {
            TicketingJson.WriteNullable(w, "address", r.Address);
        }
    }

    private static void WriteItems(Utf8JsonWriter w, ReservationView r, bool detail)
    {
        w.WriteStartArray("items");
        foreach (var item in r.Items)
        {
            w.WriteStartObject();
            TicketingJson.WriteNullable(w, "ticketTypeName", item.TicketTypeName);
            w.WriteNumber("quantity", item.Quantity);
            w.WriteNumber("unitPrice", item.UnitPrice);
            w.WriteNumber("subtotal", item.Subtotal);
            if (detail)
            {
                TicketingJson.WriteNullable(w, "seatLabel", item.SeatLabel);
                TicketingJson.WriteNullable(w, "section", item.Section);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
