namespace Tiketi.Edge.Api;

/// <summary>The authenticated caller of a ticketing endpoint (behind <c>RequireUser()</c>).</summary>
internal static class TicketingCaller
{
    /// <summary>The caller's user id.</summary>
    public static Guid UserId(HttpContext context) => context.GetCurrentUser().Id;
}
