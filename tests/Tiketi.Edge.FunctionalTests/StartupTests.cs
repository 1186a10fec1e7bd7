using System.Net;
using System.Net.Http.Json;
using Tiketi.Core.Auth;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests;

public class StartupTests : IAsyncLifetime
{
    private TiketiInfrastructure _infrastructure = null!;

    public async Task InitializeAsync() => _infrastructure = await TiketiInfrastructure.GetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Development_without_secrets_uses_a_random_jwt_secret_and_the_default_admin()
    {
        await using var server = await EdgeServer.StartAsync(await SettingsAsync(), "Development");

        var response = await server.Client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { email = "admin@tiketi.gg", password = "admin123" });

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.OK);
        var token = body.GetProperty("token").GetString()!;
        Assert.NotNull(await server.GetRequiredService<AccessTokens>().VerifyAsync(token));
        Assert.Null(await new AccessTokens(EdgeFixture.JwtSecret, TimeSpan.FromDays(1), TimeProvider.System).VerifyAsync(token));
        Assert.DoesNotContain(server.Logs.Entries, log => log.Message.Contains("admin123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_without_admin_settings_creates_no_admin()
    {
        var settings = await SettingsAsync();
        settings["JWT_SECRET"] = EdgeFixture.JwtSecret;
        await using var server = await EdgeServer.StartAsync(settings);

        var response = await server.Client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { email = "admin@tiketi.gg", password = "admin123" });

        await JsonAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "이메일 또는 비밀번호가 일치하지 않습니다.");
    }

    [Fact]
    public async Task Two_instances_starting_on_one_empty_database_both_come_up()
    {
        var settings = await SettingsAsync();
        settings["JWT_SECRET"] = EdgeFixture.JwtSecret;
        settings["TIKETI_DEMO_DATA"] = "1";

        var servers = await Task.WhenAll(EdgeServer.StartAsync(settings), EdgeServer.StartAsync(settings));
        try
        {
            foreach (var server in servers)
            {
                var body = await JsonAssert.StatusAndBodyAsync(await server.Client.GetAsync(new Uri("/api/seats/layouts", UriKind.Relative)), HttpStatusCode.OK);
                Assert.Equal(3, body.GetProperty("layouts").GetArrayLength());
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["DATABASE_URL"] = await _infrastructure.Postgres.CreateDatabaseAsync(),
        ["REDIS_URL"] = _infrastructure.Redis.UrlFor(_infrastructure.NextRedisDatabase()),
        ["JWT_SECRET"] = null,
        ["ADMIN_EMAIL"] = null,
        ["ADMIN_PASSWORD"] = null,
    };
}
