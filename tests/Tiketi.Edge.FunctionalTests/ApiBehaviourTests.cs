using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests;

public class ApiBehaviourTests(ProbeFixture fixture) : IClassFixture<ProbeFixture>
{
    private HttpClient Http => fixture.Server.Client;

    [Fact]
    public async Task Unhandled_exception_is_a_500_json_error_without_details_and_is_logged()
    {
        var response = await Http.GetAsync(new Uri("/api/probe/throw", UriKind.Relative));

        await JsonAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "서버 오류가 발생했습니다.");
        Assert.DoesNotContain("secret internal detail", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(fixture.Server.Logs.Entries, log => log.Level == LogLevel.Error && log.Exception?.Message == "secret internal detail");
    }

    [Fact]
    public async Task Endpoint_failure_message_replaces_the_generic_one()
    {
        var response = await Http.GetAsync(new Uri("/api/probe/throw-with-message", UriKind.Relative));

        await JsonAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "예매에 실패했습니다.");
    }

    [Fact]
    public async Task Body_less_post_without_content_type_is_accepted()
    {
        var login = await Http.PostAsync(new Uri("/api/auth/login", UriKind.Relative),
            new StringContent("{\"email\":\"admin@tiketi.gg\",\"password\":\"admin123\"}", Encoding.UTF8, "application/json"));
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        var id = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/probe/{id}/cancel", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await Http.SendAsync(request);

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.OK);
        Assert.Equal(id.ToString(), body.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("{\"quantity\":\"two\"}")]
    [InlineData("{\"quantity\":1.5}")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Wrongly_typed_or_malformed_bodies_are_400_with_a_string_error(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await Http.PostAsync(new Uri("/api/probe/typed", UriKind.Relative), content);

        await JsonAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "요청 본문의 형식이 올바르지 않습니다.");
    }

    [Fact]
    public async Task Chunked_bodies_over_100_kB_are_rejected_with_413()
    {
        var json = "{\"quantity\":1,\"pad\":\"" + new string('x', 150_000) + "\"}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/probe/typed", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Http.SendAsync(request);

        await JsonAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "요청 본문이 너무 큽니다.");
    }

    [Fact]
    public async Task Openapi_document_lists_the_user_api()
    {
        var response = await Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.OK);
        var paths = body.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/events", paths);
        Assert.Contains("/api/auth/login", paths);
        Assert.Contains("/api/seats/events/{eventId}", paths);
    }

    [Fact]
    public async Task Cors_preflight_allows_the_configured_frontend_origin_only()
    {
        using var allowed = Preflight("http://localhost:3000");
        using var denied = Preflight("http://evil.example");

        var ok = await Http.SendAsync(allowed);
        var no = await Http.SendAsync(denied);

        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal("http://localhost:3000", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(no.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_configured_origins_a_production_server_allows_the_react_dev_server_as_socket_io_does()
    {
        await using var plain = new PlainEdge();
        await plain.InitializeAsync();
        var http = plain.Server.Client;
        using var allowed = Preflight("http://localhost:3000");
        using var loopback = Preflight("http://127.0.0.1:3000");
        using var denied = Preflight("http://evil.example");

        var ok = await http.SendAsync(allowed);
        var alsoOk = await http.SendAsync(loopback);
        var no = await http.SendAsync(denied);

        Assert.Equal("http://localhost:3000", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("http://127.0.0.1:3000", alsoOk.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(no.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/events", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }

    // No CORS settings at all, Production: what `dotnet Tiketi.Edge.dll` gets with only the required variables.
    private sealed class PlainEdge : EdgeFixture, IAsyncDisposable
    {
        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
