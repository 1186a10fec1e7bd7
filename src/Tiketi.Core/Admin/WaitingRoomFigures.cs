namespace Tiketi.Core.Admin;

/// <summary>A waiting room's size.</summary>
/// <param name="Waiting">Users in the queue.</param>
/// <param name="Active">Users admitted and currently allowed to buy.</param>
public readonly record struct WaitingRoomFigures(long Waiting, long Active);
