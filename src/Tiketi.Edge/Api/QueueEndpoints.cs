using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tiketi.Core.WaitingRoom;

namespace Tiketi.Edge.Api;

/// <summary>
/// The waiting-room endpoints (REST.md §3.18–3.22): check, status, leave — plus the doubled-prefix aliases
/// <c>/api/api/queue/status|leave/:eventId</c> the unchanged client calls (§4) — and the admin info/clear routes, which
/// require the admin role (FLOWS.md defect 31). Every call for an event counts as activity of an active user.
/// </summary>
public static partial class QueueEndpoints
{
    /// <summary>Maps the queue endpoints and the admin queue settings onto the <c>/api</c> group.</summary>
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/queue/check/{eventId}", CheckAsync).RequireUser();
        endpoints.MapGet("/queue/status/{eventId}", StatusAsync).RequireUser();
        endpoints.MapGet("/api/queue/status/{eventId}", StatusAsync).RequireUser();
        endpoints.MapPost("/queue/leave/{eventId}", LeaveAsync).RequireUser();
        endpoints.MapPost("/api/queue/leave/{eventId}", LeaveAsync).RequireUser();
        endpoints.MapGet("/queue/admin/{eventId}", AdminInfoAsync).RequireAdmin();
        endpoints.MapPost("/queue/admin/clear/{eventId}", ClearAsync).RequireAdmin();
        endpoints.MapQueueAdminEndpoints();
        return endpoints;
    }

    /// <summary>A route id in canonical UUID form (<c>8-4-4-4-12</c> hex), as the client sends it.</summary>
    internal static bool TryParseEventId(string value, out Guid eventId) => Guid.TryParseExact(value, "D", out eventId);

    /// <summary>The response for a refused waiting-room call.</summary>
    internal static IResult Refusal(WaitingRoomRefusal refusal) => refusal == WaitingRoomRefusal.EventClosed
        ? ApiErrors.BadRequest(WaitingRoomMessages.EventClosed)
        : ApiErrors.NotFound(WaitingRoomMessages.EventNotFound);

    private static async Task<IResult> CheckAsync(string eventId, HttpContext context, WaitingRoom room, ILoggerFactory loggers)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        if (await EmptyBodyRejectionAsync(context.Request, context.RequestAborted) is { } rejection)
        {
            return rejection;
        }

        try
        {
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
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(Logger(loggers), e, "check", id);
            return ApiErrors.ServerError(WaitingRoomMessages.CheckFailed);
        }
    }

    private static async Task<IResult> StatusAsync(string eventId, HttpContext context, WaitingRoom room, ILoggerFactory loggers)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        try
        {
            var result = await room.GetStatusAsync(id, context.GetCurrentUser().Id, context.RequestAborted);
            if (!result.Succeeded)
            {
                return Refusal(result.Refusal);
            }

            var s = result.Value!;
            return TypedResults.Json(
                new StatusBody(s.Position > 0, s.Position, s.QueueSize, s.EstimatedWaitSeconds, s.CurrentUsers, s.Capacity), ApiJson.Options);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(Logger(loggers), e, "status", id);
            return ApiErrors.ServerError(WaitingRoomMessages.StatusFailed);
        }
    }

    private static async Task<IResult> LeaveAsync(string eventId, HttpContext context, WaitingRoom room, ILoggerFactory loggers)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        if (await EmptyBodyRejectionAsync(context.Request, context.RequestAborted) is { } rejection)
        {
            return rejection;
        }

        try
        {
            var result = await room.LeaveAsync(id, context.GetCurrentUser().Id, context.RequestAborted);
            return result.Succeeded ? TypedResults.Json(new MessageBody(WaitingRoomMessages.Left), ApiJson.Options) : Refusal(result.Refusal);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(Logger(loggers), e, "leave", id);
            return ApiErrors.ServerError(WaitingRoomMessages.LeaveFailed);
        }
    }

    private static async Task<IResult> AdminInfoAsync(string eventId, HttpContext context, WaitingRoom room, ILoggerFactory loggers)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        try
        {
            var result = await room.GetFiguresAsync(id, context.RequestAborted);
            if (!result.Succeeded)
            {
                return Refusal(result.Refusal);
            }

            var f = result.Value!;
            return TypedResults.Json(new AdminInfoBody(eventId, f.Waiting, f.Active, f.Settings.Capacity, f.Available), ApiJson.Options);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(Logger(loggers), e, "admin info", id);
            return ApiErrors.ServerError(WaitingRoomMessages.AdminInfoFailed);
        }
    }

    private static async Task<IResult> ClearAsync(string eventId, HttpContext context, WaitingRoom room, ILoggerFactory loggers)
    {
        if (!TryParseEventId(eventId, out var id))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        try
        {
            var result = await room.ClearAsync(id, context.RequestAborted);
            return result.Succeeded ? TypedResults.Json(new MessageBody(WaitingRoomMessages.Cleared), ApiJson.Options) : Refusal(result.Refusal);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(Logger(loggers), e, "clear", id);
            return ApiErrors.ServerError(WaitingRoomMessages.ClearFailed);
        }
    }

    // Check and leave carry nothing in their body: the client sends {} (REST.md §1.1), other callers may send none.
    // Anything else that is not a JSON object is refused like every other malformed body.
    private static async Task<IResult?> EmptyBodyRejectionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0)
        {
            return null;
        }

        if (request.ContentLength > TicketingRequestBody.MaxBytes)
        {
            return ApiErrors.Error(StatusCodes.Status413PayloadTooLarge, ApiErrors.BodyTooLarge);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : ApiErrors.BadRequest(ApiErrors.MalformedBody);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedBody);
        }
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(QueueEndpoints));

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Operation} failed for event {EventId}")]
    internal static partial void LogFailed(ILogger logger, Exception exception, string operation, Guid eventId);

    // Contract bodies; property names are the wire names.
    private sealed record QueuedBody(bool queued, long position, long estimatedWait, int threshold, long currentUsers);

    private sealed record AdmittedBody(bool queued, long currentUsers, int threshold);

    private sealed record StatusBody(bool queued, long position, long queueSize, long estimatedWait, long currentUsers, int threshold);

    private sealed record AdminInfoBody(string eventId, long queueSize, long currentUsers, int threshold, long available);

    private sealed record MessageBody(string message);
}
