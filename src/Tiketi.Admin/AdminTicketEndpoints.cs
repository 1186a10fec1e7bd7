using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>Ticket grade create/update (REST.md §3.31, §3.32).</summary>
internal static class AdminTicketEndpoints
{
    public static void MapTicketEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/events/{eventId}/tickets", CreateAsync).FailsWith(AdminMessages.TicketCreateFailed);
        admin.MapPut("/tickets/{id}", UpdateAsync).FailsWith(AdminMessages.TicketUpdateFailed);
    }

    private static async Task<IResult> CreateAsync(string eventId, HttpContext context, TicketTypeAdministration tickets, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(eventId, AdminMessages.EventNotFound, out var id, out var notFound))
        {
            return notFound!;
        }

        var (body, rejection) = await AdminRequest.ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            return rejection;
        }

        var result = await tickets.CreateAsync(AdminRequest.Actor(context), id, body, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.TicketCreated, ticketType = result.Value }, StatusCodes.Status201Created)
            : AdminResults.Failure(result.Failure);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, TicketTypeAdministration tickets, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.TicketNotFound, out var ticketTypeId, out var notFound))
        {
            return notFound!;
        }

        var (body, rejection) = await AdminRequest.ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            return rejection;
        }

        var result = await tickets.UpdateAsync(AdminRequest.Actor(context), ticketTypeId, body, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.TicketUpdated, ticketType = result.Value })
            : AdminResults.Failure(result.Failure);
    }
}
