using Microsoft.AspNetCore.Http;

namespace Tiketi.Admin;

/// <summary>
/// Authenticates an admin request (the host's bearer-token check with the role read from the database). The Edge
/// supplies it, so this library needs no reference to the Edge.
/// </summary>
/// <param name="context">The request.</param>
/// <returns>The admin, or the 401/403 response to send.</returns>
public delegate ValueTask<AdminAuthentication> AdminAuthenticator(HttpContext context);
