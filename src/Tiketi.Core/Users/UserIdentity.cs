namespace Tiketi.Core.Users;

/// <summary>What authorization needs to know about a user, as currently stored.</summary>
/// <param name="Id">User id.</param>
/// <param name="Email">Stored (normalised) e-mail.</param>
/// <param name="Role"><c>user</c> or <c>admin</c>.</param>
public sealed record UserIdentity(Guid Id, string Email, string Role)
{
    /// <summary>Whether the user is an administrator.</summary>
    public bool IsAdmin => Role == "admin";
}
