namespace Tiketi.Core.Reservations;

/// <summary>A refused ticketing command: its kind and the user-facing (Korean) message.</summary>
/// <param name="Kind">How the edge should answer.</param>
/// <param name="Message">The contract's <c>error</c> text.</param>
public sealed record TicketingFailure(TicketingFailureKind Kind, string Message)
{
    /// <summary>A 400-style refusal.</summary>
    public static TicketingFailure Invalid(string message) => new(TicketingFailureKind.Invalid, message);

    /// <summary>A 403-style refusal.</summary>
    public static TicketingFailure Forbidden(string message) => new(TicketingFailureKind.Forbidden, message);

    /// <summary>A 404-style refusal.</summary>
    public static TicketingFailure NotFound(string message) => new(TicketingFailureKind.NotFound, message);

    /// <summary>A 409-style refusal.</summary>
    public static TicketingFailure Conflict(string message) => new(TicketingFailureKind.Conflict, message);
}
