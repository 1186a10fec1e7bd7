using System.Net;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class RequestValidationTests
{
    [Theory]
    [InlineData("GET", "EIO=4&transport=carrier-pigeon", 400, "{\"code\":0,\"message\":\"Transport unknown\"}")]
    [InlineData("GET", "EIO=4", 400, "{\"code\":0,\"message\":\"Transport unknown\"}")]
    [InlineData("GET", "EIO=4&transport=polling&sid=01234567890123456789", 400, "{\"code\":1,\"message\":\"Session ID unknown\"}")]
    [InlineData("POST", "EIO=4&transport=polling", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
    [InlineData("PUT", "EIO=4&transport=polling", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
    [InlineData("GET", "EIO=4&transport=websocket", 400, "{\"code\":3,\"message\":\"Bad request\"}")]
    [InlineData("GET", "EIO=3&transport=polling", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
    [InlineData("GET", "transport=polling", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
    [InlineData("GET", "EIO=abc&transport=polling", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
    public async Task Bad_requests_get_the_reference_servers_error_codes(string method, string query, int status, string body)
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);

        var response = await client.SendAsync(new HttpMethod(method), query, method == "GET" ? null : "");

        Assert.Equal((HttpStatusCode)status, response.Status);
        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task Disabled_transport_is_unknown()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.Transports = Tiketi.Edge.EngineIO.EngineTransports.WebSocket);
        using var client = new PollingClient(server);

        var response = await client.GetAsync("EIO=4&transport=polling");

        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":0,\"message\":\"Transport unknown\"}"), response);
    }
}
