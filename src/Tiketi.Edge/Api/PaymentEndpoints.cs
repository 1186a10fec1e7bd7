using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tiketi.Core.Payments;
using Tiketi.Core.Reservations;

namespace Tiketi.Edge.Api;

/// <summary>The payment endpoint <c>POST /api/payments/process</c> (3.16); the methods list (3.17) is the core's.</summary>
public static partial class PaymentEndpoints
{
    /// <summary>Maps the payment endpoint.</summary>
    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/payments/process", ProcessAsync).RequireUser();
        return endpoints;
    }

    private static async Task<IResult> ProcessAsync(HttpContext context, PaymentService payments, ILoggerFactory loggers)
    {
        var (document, rejection) = await TicketingRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (document is null)
        {
            return rejection!;
        }

        string method;
        Guid reservationId;
        using (document)
        {
            var body = document.RootElement;
            if (!body.TryGetProperty("reservationId", out var idElement) || idElement.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                || !body.TryGetProperty("paymentMethod", out var methodElement) || methodElement.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                || (idElement.ValueKind == JsonValueKind.String && idElement.GetString()!.Length == 0)
                || (methodElement.ValueKind == JsonValueKind.String && methodElement.GetString()!.Length == 0))
            {
                return TicketingJson.Error(StatusCodes.Status400BadRequest, "Missing required fields");
            }

            if (methodElement.ValueKind != JsonValueKind.String || !PaymentMethods.IsKnown(methodElement.GetString()))
            {
                return TicketingJson.Error(StatusCodes.Status400BadRequest, "유효하지 않은 결제 수단입니다.");
            }

            method = methodElement.GetString()!;
            if (!TicketingRequestBody.TryGetGuid(idElement, out reservationId))
            {
                return TicketingJson.Error(StatusCodes.Status404NotFound, TicketingMessages.HoldNotFound, withSuccessFlag: true);
            }
        }

        try
        {
            var result = await payments.PayAsync(context.GetCurrentUser().Id, reservationId, method, context.RequestAborted);
            return result.Succeeded
                ? TicketingJson.Response(StatusCodes.Status200OK, w => WriteReceipt(w, result.Value))
                : TicketingJson.Error(TicketingJson.StatusOf(result.Failure), result.Failure.Message, withSuccessFlag: true);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(loggers.CreateLogger(typeof(PaymentEndpoints)), ex);
            return TicketingJson.Error(StatusCodes.Status500InternalServerError, TicketingMessages.PaymentFailed, withSuccessFlag: true);
        }
    }

    private static void WriteReceipt(Utf8JsonWriter w, PaymentReceipt receipt)
    {
        w.WriteStartObject();
        w.WriteBoolean("success", true);
        w.WriteString("message", "결제가 완료되었습니다.");
        w.WriteStartObject("payment");
        w.WriteString("reservationId", receipt.ReservationId.ToString());
        w.WriteString("reservationNumber", receipt.ReservationNumber);
        w.WriteString("paymentMethod", PaymentMethods.DisplayName(receipt.PaymentMethod) ?? receipt.PaymentMethod);
        w.WriteNumber("totalAmount", receipt.TotalAmount);
        TicketingJson.WriteTime(w, "paidAt", receipt.PaidAt);
        w.WriteEndObject();
        w.WriteStartObject("reservation");
        w.WriteStartObject("event");
        TicketingJson.WriteNullable(w, "title", receipt.EventTitle);
        TicketingJson.WriteNullable(w, "venue", receipt.Venue);
        TicketingJson.WriteTime(w, "event_date", receipt.EventDate);
        w.WriteEndObject();
        w.WriteStartArray("seats");
        foreach (var seat in receipt.Seats)
        {
            w.WriteStartObject();
            TicketingJson.WriteNullable(w, "id", seat.SeatId);
            TicketingJson.WriteNullable(w, "seat_label", seat.SeatLabel);
            TicketingJson.WriteNullable(w, "section", seat.Section);
            TicketingJson.WriteNullable(w, "row_number", seat.RowNumber);
            TicketingJson.WriteNullable(w, "seat_number", seat.SeatNumber);
            w.WriteNumber("unit_price", seat.UnitPrice);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure while processing a payment")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
