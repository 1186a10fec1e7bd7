namespace Tiketi.Core.WaitingRoom;

/// <summary>An event as the waiting room sees it.</summary>
/// <param name="Id">The event id.</param>
/// <param name="IsClosed">Ended (status or sale end passed) or cancelled: queue calls are refused.</param>
/// <param name="Settings">Its waiting-room settings (defaults when none are stored).</param>
public sealed record QueueEvent(Guid Id, bool IsClosed, WaitingRoomSettings Settings);
