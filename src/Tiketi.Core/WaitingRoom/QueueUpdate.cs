namespace Tiketi.Core.WaitingRoom;

/// <summary>A waiting room's figures after an admission step (the <c>queue-updated</c> push).</summary>
/// <param name="EventId">The event.</param>
/// <param name="QueueSize">Users still waiting.</param>
/// <param name="CurrentUsers">Users active.</param>
/// <param name="AdmissionsPerSecond">Rate for ETAs: measured, else configured. A user at position p waits about p / rate seconds.</param>
public sealed record QueueUpdate(Guid EventId, long QueueSize, long CurrentUsers, double AdmissionsPerSecond);
