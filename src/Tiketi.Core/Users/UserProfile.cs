namespace Tiketi.Core.Users;

/// <summary>The user object returned by login/register (REST.md §3.2).</summary>
/// <param name="Id">User id.</param>
/// <param name="Email">Normalised e-mail.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role"><c>user</c> or <c>admin</c>.</param>
public sealed record UserProfile(Guid Id, string Email, string Name, string Role);
