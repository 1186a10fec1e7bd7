using System.Text.Json;
using Tiketi.Core.Json;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// Validation of the client events' payloads (REALTIME.md §6): one JSON object whose <c>eventId</c>
/// is a UUID string. Pure: JSON in, values or a reason out; never throws.
/// </summary>
public static class ClientEventPayload
{
    /// <summary>Longest <c>eventId</c> text accepted (a UUID in any of its spellings fits).</summary>
    public const int MaxEventIdLength = 64;

    /// <summary>Most seat ids a <c>seat-selection-changed</c> may carry.</summary>
    public const int MaxSelectedSeats = 20;

    /// <summary>Reads <c>{"eventId":"&lt;uuid&gt;"}</c> from the event's first argument.</summary>
    /// <param name="args">The event's arguments.</param>
    /// <param name="asSent">The id exactly as sent (echoed in <c>room-info</c>).</param>
    /// <param name="eventId">The parsed id (room names use its canonical form).</param>
    /// <param name="error">Why the payload was refused.</param>
    public static bool TryReadEventId(ReadOnlySpan<JsonElement> args, out string asSent, out Guid eventId, out string error)
    {
        asSent = string.Empty;
        eventId = Guid.Empty;
        if (args.IsEmpty || args[0].ValueKind != JsonValueKind.Object)
        {
            error = "payload must be an object";
            return false;
        }

        if (!args[0].TryGetProperty("eventId", out var value) || value.ValueKind != JsonValueKind.String)
        {
            error = "eventId is required";
            return false;
        }

        if (!JsonText.TryGetString(value, out var text) || text!.Length > MaxEventIdLength || !Guid.TryParse(text, out eventId))
        {
            error = "eventId must be a UUID";
            return false;
        }

        asSent = text;
        error = string.Empty;
        return true;
    }

    /// <summary>Reads <c>seats</c> of a <c>seat-selection-changed</c> payload: an array of at most <see cref="MaxSelectedSeats"/> UUID strings.</summary>
    /// <param name="payload">The payload object (already checked by <see cref="TryReadEventId"/>).</param>
    /// <param name="seats">The seat ids, canonical.</param>
    /// <param name="error">Why the payload was refused.</param>
    public static bool TryReadSeats(JsonElement payload, out Guid[] seats, out string error)
    {
        seats = [];
        if (!payload.TryGetProperty("seats", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            error = "seats must be an array";
            return false;
        }

        var count = value.GetArrayLength();
        if (count > MaxSelectedSeats)
        {
            error = "too many seats";
            return false;
        }

        seats = new Guid[count];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out seats[index]))
            {
                seats = [];
                error = "seats must be UUIDs";
                return false;
            }

            index++;
        }

        error = string.Empty;
        return true;
    }
}
