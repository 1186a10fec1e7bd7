namespace Tiketi.Core.WaitingRoom;

/// <summary>A waiting-room answer: a value, or a refusal.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Refusal">Why the call was refused, or <see cref="WaitingRoomRefusal.None"/>.</param>
/// <param name="Value">The value when not refused.</param>
public sealed record WaitingRoomResult<T>(WaitingRoomRefusal Refusal, T? Value)
{
    /// <summary>Whether the call succeeded.</summary>
    public bool Succeeded => Refusal == WaitingRoomRefusal.None;
}

/// <summary>Factories for <see cref="WaitingRoomResult{T}"/>.</summary>
internal static class WaitingRoomResult
{
    /// <summary>A success.</summary>
    public static WaitingRoomResult<T> Of<T>(T value) => new(WaitingRoomRefusal.None, value);

    /// <summary>A refusal.</summary>
    public static WaitingRoomResult<T> Refused<T>(WaitingRoomRefusal refusal) => new(refusal, default);
}
