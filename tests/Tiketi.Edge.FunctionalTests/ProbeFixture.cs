using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tiketi.Edge.Api;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests;

/// <summary>An edge with probe endpoints for cross-cutting behaviour (errors, body-less POSTs, CORS).</summary>
public class ProbeFixture : EdgeFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["CORS_ORIGINS"] = "http://localhost:3000",
    };

    protected override void MapExtra(WebApplication app)
    {
        app.MapGet("/api/probe/throw", string () => throw new InvalidOperationException("secret internal detail"));
        app.MapGet("/api/probe/throw-with-message", string () => throw new InvalidOperationException("boom")).WithFailureMessage("예매에 실패했습니다.");
        app.MapPost("/api/probe/{id}/cancel", (Guid id) => Results.Json(new { message = "ok", id })).RequireUser();
        app.MapPost("/api/probe/typed", (ProbeBody body) => Results.Json(body));
    }
}
