using System.Text.Json;
using Tiketi.Core.WaitingRoom;

namespace Tiketi.Edge.Api;

/// <summary>
/// <c>GET</c>/<c>PUT /api/admin/events/:id/queue</c> (admin): an event's waiting-room settings
/// <c>{capacity, admissionRatePerSecond, enabled, paused}</c> with live figures (waiting, active, measured admissions
/// per second, seconds until the last waiting user gets in). PUT takes any subset of the four settings; each given
/// value is validated (integers in range, booleans) and the change applies cluster-wide at once.
/// </summary>
public static class QueueAdminEndpoints
{
    /// <summary>Maps the settings endpoints onto the <c>/api</c> group.</summary>
    public static IEndpointRouteBuilder MapQueueAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/events/{id}/queue", GetAsync).RequireAdmin().WithFailureMessage(WaitingRoomMessages.SettingsFailed);
        endpoints.MapPut("/admin/events/{id}/queue", PutAsync).RequireAdmin().WithFailureMessage(WaitingRoomMessages.SettingsFailed);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, WaitingRoom room)
    {
        if (!QueueEndpoints.TryParseEventId(id, out var eventId))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        return await FiguresAsync(eventId, room, context.RequestAborted);
    }

    private static async Task<IResult> PutAsync(string id, HttpContext context, WaitingRoom room, WaitingRoomSettingsStore store)
    {
        if (!QueueEndpoints.TryParseEventId(id, out var eventId))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedParameter);
        }

        var (document, rejection) = await TicketingRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (document is null)
        {
            return rejection!;
        }

        WaitingRoomSettingsChange change;
        using (document)
        {
            var (parsed, invalid) = ParseChange(document.RootElement);
            if (invalid is not null)
            {
                return ApiErrors.BadRequest(invalid);
            }

            change = parsed!;
        }

        if (change != new WaitingRoomSettingsChange(null, null, null, null)
            && await store.UpdateAsync(eventId, change, context.GetCurrentUser().AsActor(), context.RequestAborted) is null)
        {
            return ApiErrors.NotFound(WaitingRoomMessages.EventNotFound);
        }

        return await FiguresAsync(eventId, room, context.RequestAborted);
    }

    private static async Task<IResult> FiguresAsync(Guid eventId, WaitingRoom room, CancellationToken cancellationToken)
    {
        var result = await room.GetFiguresAsync(eventId, cancellationToken);
        if (!result.Succeeded)
        {
            return QueueEndpoints.Refusal(result.Refusal);
        }

        var f = result.Value!;
        return TypedResults.Json(new SettingsBody(
            eventId.ToString(), f.Settings.Capacity, f.Settings.AdmissionRatePerSecond, f.Settings.Enabled, f.Settings.Paused,
            f.Waiting, f.Active, Math.Round(f.MeasuredAdmissionsPerSecond, 2), f.TailEstimatedWaitSeconds), ApiJson.Options);
    }

    /// <summary>The change described by a PUT body, or the Korean reason it is invalid.</summary>
    internal static (WaitingRoomSettingsChange? Change, string? Invalid) ParseChange(JsonElement body)
    {
        int? capacity = null, rate = null;
        bool? enabled = null, paused = null;
        if (body.TryGetProperty("capacity", out var value)
            && !TryReadInt(value, WaitingRoomSettings.MinCapacity, WaitingRoomSettings.MaxCapacity, out capacity))
        {
            return (null, WaitingRoomMessages.InvalidCapacity);
        }

        if (body.TryGetProperty("admissionRatePerSecond", out value)
            && !TryReadInt(value, WaitingRoomSettings.MinAdmissionRate, WaitingRoomSettings.MaxAdmissionRate, out rate))
        {
            return (null, WaitingRoomMessages.InvalidAdmissionRate);
        }

        if (body.TryGetProperty("enabled", out value) && !TryReadBool(value, out enabled))
        {
            return (null, WaitingRoomMessages.InvalidFlag);
        }

        if (body.TryGetProperty("paused", out value) && !TryReadBool(value, out paused))
        {
            return (null, WaitingRoomMessages.InvalidFlag);
        }

        return (new WaitingRoomSettingsChange(capacity, rate, enabled, paused), null);
    }

    private static bool TryReadInt(JsonElement value, int min, int max, out int? result)
    {
        result = null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            return false;
        }

        result = number;
        return true;
    }

    private static bool TryReadBool(JsonElement value, out bool? result)
    {
        result = value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
        return result is not null;
    }

    // Wire names of the settings endpoint (camelCase, like every object the server builds itself).
    private sealed record SettingsBody(
        string eventId, int capacity, int admissionRatePerSecond, bool enabled, bool paused,
        long waiting, long active, double admittedPerSecond, long estimatedWaitAtTail);
}
