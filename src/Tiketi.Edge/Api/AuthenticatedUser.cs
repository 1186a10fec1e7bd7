using Tiketi.Core.Admin;

namespace Tiketi.Edge.Api;

/// <summary>
/// The caller of an endpoint behind <see cref="CurrentUser.RequireUser"/> / <see cref="CurrentUser.RequireAdmin"/>:
/// id from the verified token, e-mail and role as currently stored in the database.
/// Read it with <c>httpContext.GetCurrentUser()</c> (or take an <see cref="AuthenticatedUser"/> parameter via
/// <c>HttpContext</c>) inside such an endpoint.
/// </summary>
/// <param name="Id">User id (JWT <c>userId</c>).</param>
/// <param name="Email">Stored e-mail.</param>
/// <param name="Role"><c>user</c> or <c>admin</c>, from the database.</param>
public sealed record AuthenticatedUser(Guid Id, string Email, string Role)
{
    /// <summary>Whether the user is an administrator.</summary>
    public bool IsAdmin => Role == "admin";

    /// <summary>This admin as the audit log records changes by.</summary>
    public AdminActor AsActor() => new(Id, Email);
}
