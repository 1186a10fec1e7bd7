namespace Tiketi.Core.WaitingRoom;

/// <summary>Why a waiting-room call was refused; the edge maps each to a status code.</summary>
public enum WaitingRoomRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>No such event (404).</summary>
    EventNotFound,

    /// <summary>The event ended or was cancelled (400).</summary>
    EventClosed,
}
