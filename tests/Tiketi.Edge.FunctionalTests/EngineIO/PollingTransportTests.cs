using System.Net;
using System.Text.Json;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class PollingTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Handshake_returns_the_open_packet_offering_the_websocket_upgrade()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);

        var (status, body) = await client.GetAsync("EIO=4&transport=polling");

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body[1..]);
        Assert.Equal(["websocket"], json.RootElement.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5000, json.RootElement.GetProperty("pingInterval").GetInt32());
    }

    [Fact]
    public async Task Handshakes_beyond_the_session_limit_are_refused_until_a_session_closes()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.MaxSessions = 2);
        using var client = new PollingClient(server);
        var first = await client.HandshakeAsync();
        await using var websocket = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        await websocket.ReadTextAsync();

        var refusedPoll = await client.GetAsync("EIO=4&transport=polling");
        await using var refusedSocket = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        Assert.Equal((HttpStatusCode.OK, "ok"), await client.PostAsync(first, "1")); // the first session closes
        await server.Handler.ClosedReason(first).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Forbidden, refusedPoll.Status);
        Assert.False(refusedSocket.Upgraded);
        Assert.Equal(1, server.Engine.SessionCount); // the WebSocket one
        Assert.NotEmpty(await client.HandshakeAsync());
    }

    [Fact]
    public async Task Post_is_answered_ok_and_its_echoes_wait_for_the_next_get()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();

        var post = await client.PostAsync(sid, "4hello\u001ebAQIDBA==\u001e4€");
        var poll = await client.PollAsync(sid);

        Assert.Equal((HttpStatusCode.OK, "ok"), post);
        Assert.Equal((HttpStatusCode.OK, "4hello\u001ebAQIDBA==\u001e4€"), poll);
    }

    [Fact]
    public async Task Pending_get_is_answered_when_a_message_is_sent()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();
        var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        var poll = client.PollAsync(sid);
        var message = OutboundMessage.CreateText("pushed"u8);
        // The GET may or may not have arrived yet: either way the message must come out of it.
        Assert.True(connection.Send(message));
        message.Release();

        Assert.Equal((HttpStatusCode.OK, "4pushed"), await poll.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Duplicate_get_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();

        var pending = PendingPoll(server, sid);
        var first = client.PollAsync(sid);
        await pending.WaitAsync(Timeout);
        var second = await client.PollAsync(sid);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal((HttpStatusCode.OK, "1"), await first.WaitAsync(Timeout));
        Assert.Equal("multiple pending polls", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PollAsync(sid)).Status);
    }

    [Fact]
    public async Task Aborted_get_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();
        using var abort = new CancellationTokenSource();

        var poll = client.PollAsync(sid, abort.Token);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);

        Assert.Equal("transport error", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Client_close_packet_answers_the_pending_get_with_noop()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();
        var pending = PendingPoll(server, sid);
        var poll = client.PollAsync(sid);
        await pending.WaitAsync(Timeout);

        Assert.Equal((HttpStatusCode.OK, "ok"), await client.PostAsync(sid, "1"));

        Assert.Equal((HttpStatusCode.OK, "6"), await poll.WaitAsync(Timeout));
        Assert.Equal("transport close", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PollAsync(sid)).Status);
    }

    [Fact]
    public async Task Server_close_answers_the_pending_get_with_close_packet()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();
        var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var pending = PendingPoll(server, sid);
        var poll = client.PollAsync(sid);
        await pending.WaitAsync(Timeout);

        connection.Close("closed by the application");

        Assert.Equal((HttpStatusCode.OK, "1"), await poll.WaitAsync(Timeout));

        Assert.Equal("closed by the application", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Server_close_without_a_pending_get_is_delivered_to_the_next_get()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();
        var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        connection.Close("closed by the application");

        Assert.Equal("closed by the application", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(sid, "4too late")).Status);
        Assert.Equal((HttpStatusCode.OK, "1"), await client.PollAsync(sid));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PollAsync(sid)).Status);
        Assert.Equal(0, server.Engine.SessionCount);
    }

    [Fact]
    public async Task Malformed_post_closes_the_session_with_400()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();

        var post = await client.PostAsync(sid, "4ok\u001eabc");

        Assert.Equal(HttpStatusCode.BadRequest, post.Status);
        Assert.Equal("parse error", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PollAsync(sid)).Status);
    }

    [Fact]
    public async Task Post_over_max_payload_is_refused_with_413()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxPayload = 1000);
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();

        var post = await client.PostAsync(sid, "4" + new string('x', 1000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, post.Status);
        Assert.Equal("payload too large", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Overflowing_the_outbound_queue_closes_the_session_as_slow_consumer()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.OutboundQueueLimit = 8);
        using var client = new PollingClient(server);
        var sid = await client.HandshakeAsync();
        var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var message = OutboundMessage.CreateText("x"u8);

        // Nobody polls, so nothing drains the queue: the 9th message overflows it.
        var accepted = Enumerable.Range(0, 9).Select(_ => connection.Send(message)).ToList();
        message.Release();

        Assert.Equal(Enumerable.Repeat(true, 8).Append(false), accepted);
        Assert.True(connection.IsClosed);
        Assert.Equal(1, server.Engine.SlowConsumerCloses);
        Assert.Equal("slow consumer", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.False(connection.Send(OutboundMessage.CreateText("late"u8)));
    }

    [Fact]
    public async Task Cors_allows_configured_origins_with_credentials_only()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins.Add("http://localhost:3000"));
        using var client = new PollingClient(server);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, server.Url("EIO=4&transport=polling"));
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await client.SendRawAsync(preflight);
        using var handshake = HandshakeFrom(server, "http://evil.example");
        using var refused = await client.SendRawAsync(handshake);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("http://localhost:3000", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", allowed.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("content-type", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_with_a_star_echoes_any_origin_with_credentials()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins.Add("*"));
        using var client = new PollingClient(server);
        using var handshake = HandshakeFrom(server, "http://client.example:8080");

        using var response = await client.SendRawAsync(handshake);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://client.example:8080", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    private static HttpRequestMessage HandshakeFrom(EngineTestServer server, string origin)
    {
        var handshake = new HttpRequestMessage(HttpMethod.Get, server.Url("EIO=4&transport=polling"));
        handshake.Headers.Add("Origin", origin);
        return handshake;
    }

    /// <summary>Completes when the server holds a GET of <paramref name="sid"/> (subscribe before sending it).</summary>
    internal static Task PendingPoll(EngineTestServer server, string sid)
    {
        var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Engine.PollPending += id =>
        {
            if (id == sid)
            {
                pending.TrySetResult();
            }
        };
        return pending.Task;
    }
}
