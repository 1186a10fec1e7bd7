namespace Tiketi.Core.Reservations;

/// <summary>Why a ticketing command was refused; the edge maps each kind to one status code.</summary>
public enum TicketingFailureKind
{
    /// <summary>The request itself is wrong or not allowed now (400).</summary>
    Invalid,

    /// <summary>The user may not do this now, e.g. not admitted by the waiting room (403).</summary>
    Forbidden,

    /// <summary>The reservation/event does not exist for this caller (404).</summary>
    NotFound,

    /// <summary>Someone else got there first, or the same thing is already in progress (409).</summary>
    Conflict,
}
