using System.Net;
using System.Text.Json;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests;

public class HealthTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    private HttpClient Http => fixture.Server.Client;

    [Fact]
    public async Task Health_answers_the_contract_shape_on_a_real_kestrel()
    {
        var response = await Http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", json.RootElement.GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", json.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Ready_is_200_when_postgres_and_redis_answer()
    {
        var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", json.RootElement.GetProperty("postgres").GetString());
        Assert.Equal("OK", json.RootElement.GetProperty("redis").GetString());
    }

    [Fact]
    public async Task Ready_is_503_when_redis_is_unreachable()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["REDIS_URL"] = $"redis://127.0.0.1:{ExternalProcess.FreePort()}",
        };
        await using var server = await EdgeServer.StartAsync(settings);

        var response = await server.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", json.RootElement.GetProperty("postgres").GetString());
        Assert.Equal("DOWN", json.RootElement.GetProperty("redis").GetString());
    }

    [Fact]
    public async Task Startup_fails_when_the_database_is_unreachable()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["DATABASE_URL"] = $"postgres://tiketi@127.0.0.1:{ExternalProcess.FreePort()}/nothing",
        };

        await Assert.ThrowsAnyAsync<Exception>(() => EdgeServer.StartAsync(settings));
    }

    [Fact]
    public async Task Startup_without_jwt_secret_outside_development_is_a_clear_error()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["JWT_SECRET"] = "" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EdgeServer.StartAsync(settings));
        Assert.Contains("JWT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_routes_answer_a_json_404()
    {
        var response = await Http.GetAsync(new Uri("/api/does-not-exist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("요청한 경로를 찾을 수 없습니다.", json.RootElement.GetProperty("error").GetString());
    }
}
