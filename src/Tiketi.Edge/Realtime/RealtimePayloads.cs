using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tiketi.Edge.Realtime;

/// <summary><c>seat-selected</c> / <c>seat-locked</c> / <c>seat-released</c> (never the holder's user id: FLOWS defect 40).</summary>
internal sealed record SeatStatusPayload(Guid SeatId, string Status, string Timestamp);

/// <summary><c>ticket-updated</c>.</summary>
internal sealed record TicketUpdatedPayload(Guid TicketTypeId, int AvailableQuantity, int TotalQuantity, string Timestamp);

/// <summary><c>room-info</c>: the event id as the client sent it and the cluster-wide member count.</summary>
internal sealed record RoomInfoPayload(string EventId, long UserCount);

/// <summary><c>queue-entry-allowed</c>.</summary>
internal sealed record QueueEntryAllowedPayload(Guid UserId, string Message);

/// <summary>
/// <c>queue-updated</c>: the contract's <c>queueSize</c> and <c>timestamp</c>; a waiting user's sockets also get
/// their own 1-based <c>position</c> and <c>estimatedWait</c> in seconds (as in the REST status), which the
/// existing client ignores.
/// </summary>
internal sealed record QueueUpdatedPayload(long QueueSize, string Timestamp, long? Position = null, long? EstimatedWait = null);

/// <summary>What one instance tells the others on the queue-update channel.</summary>
internal sealed record QueueUpdateSignal(Guid Origin, Guid EventId, long QueueSize, double AdmissionsPerSecond, string Timestamp);

/// <summary><c>queue-cleared</c>.</summary>
internal sealed record QueueClearedPayload(string Message);

/// <summary><c>session-restored</c>: absent fields are omitted.</summary>
internal sealed record SessionRestoredPayload(string? EventId, string? QueueEventId, string? SeatEventId, JsonElement? SelectedSeats);

/// <summary>The acknowledgement of a client event that asked for one.</summary>
internal sealed record RealtimeAckPayload(bool Ok, string? Error);

/// <summary>Source-generated serializers of every realtime payload (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeatStatusPayload))]
[JsonSerializable(typeof(TicketUpdatedPayload))]
[JsonSerializable(typeof(RoomInfoPayload))]
[JsonSerializable(typeof(QueueEntryAllowedPayload))]
[JsonSerializable(typeof(QueueUpdatedPayload))]
[JsonSerializable(typeof(QueueClearedPayload))]
[JsonSerializable(typeof(QueueUpdateSignal))]
[JsonSerializable(typeof(SessionRestoredPayload))]
[JsonSerializable(typeof(RealtimeAckPayload))]
[JsonSerializable(typeof(Guid[]))]
internal sealed partial class RealtimeJson : JsonSerializerContext;
