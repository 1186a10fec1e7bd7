using System.Net;
using System.Text.Json;
using Tiketi.Core.Users;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Every /api/admin path authenticates first, with the role read from the database.</summary>
public sealed class AdminAuthorizationTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    public static TheoryData<string, string> AdminCalls => new()
    {
        { "GET", "/api/admin/dashboard/stats" },
        { "GET", "/api/admin/seat-layouts" },
        { "POST", "/api/admin/events" },
        { "PUT", "/api/admin/events/00000000-0000-0000-0000-000000000001" },
        { "POST", "/api/admin/events/00000000-0000-0000-0000-000000000001/cancel" },
        { "DELETE", "/api/admin/events/00000000-0000-0000-0000-000000000001" },
        { "POST", "/api/admin/events/00000000-0000-0000-0000-000000000001/generate-seats" },
        { "DELETE", "/api/admin/events/00000000-0000-0000-0000-000000000001/seats" },
        { "POST", "/api/admin/events/00000000-0000-0000-0000-000000000001/tickets" },
        { "PUT", "/api/admin/tickets/00000000-0000-0000-0000-000000000001" },
        { "GET", "/api/admin/reservations" },
        { "PATCH", "/api/admin/reservations/00000000-0000-0000-0000-000000000001/status" },
        { "GET", "/api/admin/audit" },
        { "GET", "/api/admin/no-such-thing" },
        { "DELETE", "/api/admin/dashboard/stats" },
    };

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task Without_a_token_every_admin_path_answers_401(string method, string path)
    {
        var response = await fixture.ClientFor(null).SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("인증이 필요합니다.", response.Error);
    }

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task A_regular_user_gets_403_on_every_admin_path(string method, string path)
    {
        var user = await fixture.Catalog.UserAsync();

        var response = await fixture.ClientFor(user.Token).SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("관리자 권한이 필요합니다.", response.Error);
    }

    [Fact]
    public async Task A_user_token_claiming_admin_is_still_403_because_the_role_comes_from_the_database()
    {
        var user = await fixture.Catalog.UserAsync();
        var tokens = fixture.Services.GetService(typeof(Tiketi.Core.Auth.AccessTokens)) as Tiketi.Core.Auth.AccessTokens;
        var forged = tokens!.Issue(user.Id, "x@test.tiketi", "admin");

        var response = await fixture.ClientFor(forged).GetAsync("/api/admin/dashboard/stats");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
    }

    [Fact]
    public async Task A_deleted_admin_gets_401_user_not_found()
    {
        var admin = await fixture.Catalog.AdminAsync();
        await fixture.Catalog.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = admin.Id });

        var response = await fixture.ClientFor(admin.Token).GetAsync("/api/admin/dashboard/stats");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("USER_NOT_FOUND", response.Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_demoted_admin_loses_access_once_the_role_cache_is_refreshed()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/dashboard/stats")).Status);

        await fixture.Catalog.ExecuteAsync("UPDATE users SET role = 'user' WHERE id = @id", new { id = admin.Id });
        ((UserDirectory)fixture.Services.GetService(typeof(UserDirectory))!).Forget(admin.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/dashboard/stats")).Status);
    }

    [Fact]
    public async Task An_admin_gets_a_json_404_for_an_unknown_admin_path()
    {
        var admin = await fixture.Catalog.AdminAsync();

        var response = await fixture.ClientFor(admin.Token).GetAsync("/api/admin/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(JsonValueKind.String, response.Body.GetProperty("error").ValueKind);
    }
}
