using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>Seat generation and removal (REST.md §3.29, §3.30).</summary>
internal static class AdminSeatEndpoints
{
    public static void MapSeatEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/events/{id}/generate-seats", GenerateAsync).FailsWith(AdminMessages.SeatGenerationFailed);
        admin.MapDelete("/events/{id}/seats", DeleteAsync).FailsWith(AdminMessages.SeatDeletionFailed);
    }

    private static async Task<IResult> GenerateAsync(string id, HttpContext context, SeatAdministration seats, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.EventNotFound, out var eventId, out var notFound))
        {
            return notFound!;
        }

        var result = await seats.GenerateAsync(AdminRequest.Actor(context), eventId, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return AdminResults.Failure(result.Failure);
        }

        // REST.md §1.5 shape 5: the refusal carries the number of seats already there.
        return result.Value.ExistingSeats > 0
            ? AdminResults.Json(new { error = AdminMessages.SeatsAlreadyExist, existingSeats = result.Value.ExistingSeats }, StatusCodes.Status400BadRequest)
            : AdminResults.Json(new { message = AdminMessages.SeatsGenerated, seatsCreated = result.Value.SeatsCreated, eventTitle = result.Value.EventTitle });
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, SeatAdministration seats, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryId(id, AdminMessages.EventNotFound, out var eventId, out var notFound))
        {
            return notFound!;
        }

        var result = await seats.DeleteAsync(AdminRequest.Actor(context), eventId, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AdminResults.Json(new { message = AdminMessages.SeatsDeleted, seatsDeleted = result.Value })
            : AdminResults.Failure(result.Failure);
    }
}
