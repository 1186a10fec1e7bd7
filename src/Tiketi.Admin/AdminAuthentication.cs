using Microsoft.AspNetCore.Http;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>The outcome of <see cref="AdminAuthenticator"/>: an admin, or a rejection to send as-is.</summary>
public readonly record struct AdminAuthentication
{
    private AdminAuthentication(AdminActor? admin, IResult? rejection)
    {
        Admin = admin;
        Rejection = rejection;
    }

    /// <summary>The authenticated admin, when accepted.</summary>
    public AdminActor? Admin { get; }

    /// <summary>The 401/403 (or 500) response, when rejected.</summary>
    public IResult? Rejection { get; }

    /// <summary>An accepted admin.</summary>
    public static AdminAuthentication Accepted(Guid userId, string email) => new(new AdminActor(userId, email), null);

    /// <summary>A rejected request.</summary>
    public static AdminAuthentication Rejected(IResult rejection) => new(null, rejection);
}
