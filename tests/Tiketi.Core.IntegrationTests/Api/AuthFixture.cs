using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tiketi.Edge.Api;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>An edge with two probe endpoints behind RequireUser/RequireAdmin.</summary>
public class AuthFixture : EdgeFixture
{
    protected override void MapExtra(WebApplication app)
    {
        app.MapGet("/probe/user", (HttpContext context) => Results.Json(context.GetCurrentUser())).RequireUser();
        app.MapGroup("/probe/admin").RequireAdmin().MapGet("/", (HttpContext context) => Results.Json(context.GetCurrentUser()));
    }
}
