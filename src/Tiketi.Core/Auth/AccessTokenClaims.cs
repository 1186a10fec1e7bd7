namespace Tiketi.Core.Auth;

/// <summary>The claims of a verified access token. The role is informational: authorization reads it from the database.</summary>
/// <param name="UserId">The <c>userId</c> claim.</param>
/// <param name="Email">The <c>email</c> claim.</param>
/// <param name="Role">The <c>role</c> claim as issued.</param>
public sealed record AccessTokenClaims(Guid UserId, string Email, string Role);
