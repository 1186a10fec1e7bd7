using Tiketi.Core.WaitingRoom;

namespace Tiketi.Edge.Api;

/// <summary>
/// The waiting-room endpoints (REST.md §3.18–3.22): check, status, leave — plus the doubled-prefix aliases
/// <c>/api/api/queue/status|leave/:eventId</c> the unchanged client calls (§4) — and the admin info/clear routes, which
/// require the admin role (FLOWS.md defect 31). Every call for an event counts as activity of an active user.
/// </summary>
public static class QueueEndpoints
{
    /// <summary>Maps the queue endpoints and the admin queue settings onto the <c>/api</c> group.</summary>
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Unexpected failures answer 500 with each route's contract message (logged by WithFailureMessage).
        endpoints.MapPost("/queue/check/{eventId}", CheckAsync).RequireUser().WithFailureMessage(WaitingRoomMessages.CheckFailed);
        endpoints.MapGet("/queue/status/{eventId}", StatusAsync).RequireUser().WithFailureMessage(WaitingRoomMessages.StatusFailed);
        endpoints.MapGet("/api/queue/status/{eventId}", StatusAsync).RequireUser().WithFailureMessage(WaitingRoomMessages.StatusFailed);
        endpoints.MapPost("/queue/leave/{eventId}", LeaveAsync).RequireUser().WithFailureMessage(WaitingRoomMessages.LeaveFailed);
        endpoints.MapPost("/api/queue/leave/{eventId}", LeaveAsync).RequireUser().WithFailureMessage(WaitingRoomMessages.LeaveFailed);
        endpoints.MapGet("/queue/admin/{eventId}", AdminInfoAsync).RequireAdmin().WithFailureMessage(WaitingRoomMessages.AdminInfoFailed);
        endpoints.MapPost("/queue/admin/clear/{eventId}", ClearAsync).RequireAdmin().WithFailureMessage(WaitingRoomMessages.ClearFailed);
        endpoints.MapQueueAdminEndpoints();
        return endpoints;
    }

    /// <summary>A route id in canonical UUID form (<c>8-4-4-4-12</c> hex), as the client sends it.</summary>
    internal static bool TryParseEventId(string value, out Guid eventId) => Guid.TryParseExact(value, "D", out eventId);

    /// <summary>The response for a refused waiting-room call.</summary>
    internal static IResult Refusal(WaitingRoomRefusal refusal) => refusal == WaitingRoomRefusal.EventClosed
        ? ApiErrors.BadRequest(WaitingRoomMessages.EventClosed)
        : ApiErrors.NotFound(WaitingRoomMessages.EventNotFound);

    private static async Task<IResult> CheckAsync(string eventId, HttpContext context, WaitingRoom room)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        if (await TicketingRequestBody.RejectUnlessEmptyOrObjectAsync(context.Request, context.RequestAborted) is { } rejection)
        {
            return rejection;
        }

        var result = await room.CheckAsync(id, context.GetCurrentUser().Id, context.RequestAborted);
        if (!result.Succeeded)
        {
            return Refusal(result.Refusal);
        }

        var standing = result.Value!;
        return standing.State == QueueState.Waiting
            ? TypedResults.Json(new QueuedBody(true, standing.Position, standing.EstimatedWaitSeconds, standing.Capacity, standing.CurrentUsers), ApiJson.Options)
            : TypedResults.Json(new AdmittedBody(false, standing.CurrentUsers, standing.Capacity), ApiJson.Options);
    }

    private static async Task<IResult> StatusAsync(string eventId, HttpContext context, WaitingRoom room)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        var result = await room.GetStatusAsync(id, context.GetCurrentUser().Id, context.RequestAborted);
        if (!result.Succeeded)
        {
            return Refusal(result.Refusal);
        }

        var s = result.Value!;
        return TypedResults.Json(
            new StatusBody(s.Position > 0, s.Position, s.QueueSize, s.EstimatedWaitSeconds, s.CurrentUsers, s.Capacity), ApiJson.Options);
    }

    private static async Task<IResult> LeaveAsync(string eventId, HttpContext context, WaitingRoom room)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        if (await TicketingRequestBody.RejectUnlessEmptyOrObjectAsync(context.Request, context.RequestAborted) is { } rejection)
        {
            return rejection;
        }

        var result = await room.LeaveAsync(id, context.GetCurrentUser().Id, context.RequestAborted);
        return result.Succeeded ? TypedResults.Json(new MessageBody(WaitingRoomMessages.Left), ApiJson.Options) : Refusal(result.Refusal);
    }

    private static async Task<IResult> AdminInfoAsync(string eventId, HttpContext context, WaitingRoom room)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        var result = await room.GetFiguresAsync(id, context.RequestAborted);
        if (!result.Succeeded)
        {
            return Refusal(result.Refusal);
        }

        var f = result.Value!;
        return TypedResults.Json(new AdminInfoBody(eventId, f.Waiting, f.Active, f.Settings.Capacity, f.Available), ApiJson.Options);
    }

    private static async Task<IResult> ClearAsync(string eventId, HttpContext context, WaitingRoom room)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        var result = await room.ClearAsync(id, context.GetCurrentUser().AsActor(), context.RequestAborted);
        return result.Succeeded ? TypedResults.Json(new MessageBody(WaitingRoomMessages.Cleared), ApiJson.Options) : Refusal(result.Refusal);
    }

    // Contract bodies; property names are the wire names.
    private sealed record QueuedBody(bool queued, long position, long estimatedWait, int threshold, long currentUsers);

    private sealed record AdmittedBody(bool queued, long currentUsers, int threshold);

    private sealed record StatusBody(bool queued, long position, long queueSize, long estimatedWait, long currentUsers, int threshold);

    private sealed record AdminInfoBody(string eventId, long queueSize, long currentUsers, int threshold, long available);

    private sealed record MessageBody(string message);
}
