namespace Tiketi.Edge.Realtime;

/// <summary>A stored realtime session: the rooms of one event a user was in, and the seats they had selected.</summary>
/// <param name="EventId">Joined <c>event:{id}</c> (join-event), or null.</param>
/// <param name="QueueEventId">Joined <c>queue:{id}</c> (join-queue), or null.</param>
/// <param name="SeatEventId">Joined <c>seats:{id}</c> (join-seat-selection), or null.</param>
/// <param name="SelectedSeatsJson">The last <c>seat-selection-changed</c> seats as a JSON array, or null.</param>
public sealed record RealtimeSession(string? EventId, string? QueueEventId, string? SeatEventId, string? SelectedSeatsJson)
{
    /// <summary>Whether there is anything to restore.</summary>
    public bool IsEmpty => EventId is null && QueueEventId is null && SeatEventId is null && SelectedSeatsJson is null;
}
