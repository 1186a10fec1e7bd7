using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>Event create/update/cancel/delete (REST.md §3.25–3.28).</summary>
internal static class AdminEventEndpoints
{
    public static void MapEventEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/events", CreateAsync).FailsWith(AdminMessages.EventCreateFailed);
        admin.MapPut("/events/{id}", UpdateAsync).FailsWith(AdminMessages.EventUpdateFailed);
        admin.MapPost("/events/{id}/cancel", CancelAsync).FailsWith(AdminMessages.EventCancelFailed);
        admin.MapDelete("/events/{id}", DeleteAsync).FailsWith(AdminMessages.EventDeleteFailed);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EventAdministration events, CancellationToken cancellationToken)
    {
        var (body, rejection) = await AdminRequest.ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            return rejection;
        }

        var result = await events.CreateAsync(AdminRequest.Actor(context), body, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.EventCreated, @event = result.Value }, StatusCodes.Status201Created)
            : AdminResults.Failure(result.Failure);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, EventAdministration events, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.EventNotFound, out var eventId, out var notFound))
        {
            return notFound!;
        }

        var (body, rejection) = await AdminRequest.ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            return rejection;
        }

        var result = await events.UpdateAsync(AdminRequest.Actor(context), eventId, body, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.EventUpdated, @event = result.Value })
            : AdminResults.Failure(result.Failure);
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, EventCancellation cancellation, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.EventNotFoundOrCancelled, out var eventId, out var notFound))
        {
            return notFound!;
        }

        var result = await cancellation.CancelAsync(AdminRequest.Actor(context), eventId, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new
            {
                message = AdminMessages.EventCancelled,
                @event = result.Value.Event,
                cancelledReservations = result.Value.CancelledReservations,
                refundedReservations = result.Value.RefundedReservations,
            })
            : AdminResults.Failure(result.Failure);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, EventAdministration events, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.EventNotFound, out var eventId, out var notFound))
        {
            return notFound!;
        }

        var result = await events.DeleteAsync(AdminRequest.Actor(context), eventId, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.EventDeleted })
            : AdminResults.Failure(result.Failure);
    }
}
