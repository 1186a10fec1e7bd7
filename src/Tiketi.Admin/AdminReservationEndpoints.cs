using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>Reservation list and status changes (REST.md §3.33, §3.34).</summary>
internal static class AdminReservationEndpoints
{
    /// <summary>Default page size of the list (REST.md §3.33).</summary>
    public const int DefaultLimit = 20;

    public static void MapReservationEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/reservations", ListAsync).FailsWith(AdminMessages.ReservationsFailed);
        admin.MapPatch("/reservations/{id}/status", ChangeStatusAsync).FailsWith(AdminMessages.ReservationStatusFailed);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ReservationAdministration reservations, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!AdminPage.TryRead(query, DefaultLimit, out var page))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.MalformedQuery);
        }

        var status = Blank(query["status"]);
        if (status is not null && !ReservationStates.Statuses.Contains(status))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.InvalidReservationStatus);
        }

        var paymentStatus = Blank(query["paymentStatus"]);
        if (paymentStatus is not null && !ReservationStates.PaymentStatuses.Contains(paymentStatus))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.InvalidPaymentStatus);
        }

        Guid? eventId = null;
        if (Blank(query["eventId"]) is { } eventText)
        {
            if (!Guid.TryParse(eventText, out var parsed))
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.MalformedQuery);
            }

            eventId = parsed;
        }

        var (items, total) = await reservations.ListAsync(new ReservationFilter(status, paymentStatus, eventId, page.Page, page.Limit), cancellationToken).ConfigureAwait(false);
        return AdminResults.Json(new { reservations = items, pagination = AdminResults.Pagination(page, total) });
    }

    private static async Task<IResult> ChangeStatusAsync(string id, HttpContext context, ReservationAdministration reservations, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.ReservationNotFound, out var reservationId, out var notFound))
        {
            return notFound!;
        }

        var (body, rejection) = await AdminRequest.ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            return rejection;
        }

        if (!TryText(body, "status", out var status))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.InvalidReservationStatus);
        }

        if (!TryText(body, "paymentStatus", out var paymentStatus))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.InvalidPaymentStatus);
        }

        var result = await reservations.ChangeStatusAsync(AdminRequest.Actor(context), reservationId, status, paymentStatus, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.ReservationStatusChanged, reservation = result.Value })
            : AdminResults.Failure(result.Failure);
    }

    // Absent or null → null; a string → itself; anything else is a wrong value.
    private static bool TryText(JsonElement body, string name, out string? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
