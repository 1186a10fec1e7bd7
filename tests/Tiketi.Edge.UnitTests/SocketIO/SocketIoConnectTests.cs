using System.Text.Json;
using Tiketi.Edge.SocketIO;
using static Tiketi.Edge.UnitTests.SocketIO.SocketIoHarness;

namespace Tiketi.Edge.UnitTests.SocketIO;

public class SocketIoConnectTests
{
    [Fact]
    public async Task Connect_to_the_main_namespace_answers_only_the_socket_id()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        var ack = Assert.Single(connection.Texts);
        Assert.StartsWith("0{", ack);
        using var json = JsonDocument.Parse(ack[1..]);
        Assert.Equal(socket.Id, Assert.Single(json.RootElement.EnumerateObject()).Value.GetString());
        Assert.Equal("sid", json.RootElement.EnumerateObject().Single().Name);
        Assert.Equal(20, socket.Id.Length);
        Assert.True(socket.Connected);
        Assert.Equal(JsonValueKind.Undefined, socket.Auth.ValueKind);
    }

    [Fact]
    public async Task Connect_to_a_registered_namespace_prefixes_the_ack_with_it()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync("/custom");

        Assert.Equal("0/custom,{\"sid\":\"" + socket.Id + "\"}", Assert.Single(connection.Texts));
        Assert.Same(harness.Custom, socket.Namespace);
    }

    [Fact]
    public async Task One_connection_joins_several_namespaces_with_distinct_socket_ids()
    {
        var harness = new SocketIoHarness();
        var (connection, root) = await harness.ConnectAsync();
        await connection.ReceiveAsync("0/custom");
        var custom = harness.SocketOf(connection, "/custom");

        Assert.NotEqual(root.Id, custom.Id);
        Assert.Equal(1, harness.Server.Root.LocalSocketCount);
        Assert.Equal(1, harness.Custom.LocalSocketCount);
    }

    [Fact]
    public async Task Unknown_namespace_gets_connect_error_and_the_connection_stays_open()
    {
        var harness = new SocketIoHarness();
        var connection = harness.Open();

        await connection.ReceiveAsync("0/random");

        Assert.Equal("4/random,{\"message\":\"Invalid namespace\"}", Assert.Single(connection.Texts));
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Middleware_sees_the_auth_payload_and_its_rejection_becomes_connect_error_with_data()
    {
        var harness = new SocketIoHarness();
        string? seenToken = null;
        harness.Server.Use((socket, _) =>
        {
            seenToken = socket.Auth.GetProperty("token").GetString();
            return ValueTask.FromResult<SocketIoConnectRejection?>(new SocketIoConnectRejection("Invalid authentication token", Json("{\"code\":401}")));
        });
        var connection = harness.Open();

        await connection.ReceiveAsync("0{\"token\":\"abc\"}");

        Assert.Equal("abc", seenToken);
        Assert.Equal("4{\"message\":\"Invalid authentication token\",\"data\":{\"code\":401}}", Assert.Single(connection.Texts));
        Assert.False(connection.IsClosed);
        Assert.Equal(0, harness.Server.Root.LocalSocketCount);
    }

    [Fact]
    public async Task Middleware_accepting_lets_the_socket_keep_app_data()
    {
        var harness = new SocketIoHarness();
        harness.Server.Use((socket, _) =>
        {
            socket.Data = "user-1";
            return ValueTask.FromResult<SocketIoConnectRejection?>(null);
        });

        var (connection, socket) = await harness.ConnectAsync();

        Assert.StartsWith("0{\"sid\"", Assert.Single(connection.Texts));
        Assert.Equal("user-1", socket.Data);
    }

    [Fact]
    public async Task Throwing_middleware_rejects_without_leaking_the_exception_text()
    {
        var harness = new SocketIoHarness();
        harness.Server.Use((_, _) => throw new InvalidOperationException("secret detail"));
        var connection = harness.Open();

        await connection.ReceiveAsync("0");

        Assert.Equal("4{\"message\":\"Internal server error\"}", Assert.Single(connection.Texts));
    }

    [Fact]
    public async Task A_retry_later_refusal_closes_the_transport_instead_of_sending_connect_error()
    {
        // socket.io-client never retries after CONNECT_ERROR; after a transport close it reconnects with backoff.
        var harness = new SocketIoHarness();
        harness.Server.Use((_, _) => ValueTask.FromResult<SocketIoConnectRejection?>(SocketIoConnectRejection.RetryLater("database unavailable")));
        var connection = harness.Open();

        await connection.ReceiveAsync("0");

        Assert.Equal("database unavailable", await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(connection.Texts);
    }

    [Fact]
    public async Task Packets_sent_right_after_the_ack_wait_for_the_async_connection_handler()
    {
        var harness = new SocketIoHarness();
        var registered = new TaskCompletionSource();
        var received = new List<string?>();
        harness.Server.OnConnection(async socket =>
        {
            await registered.Task; // e.g. restoring a session from Redis
            socket.On("early", (_, message, _) =>
            {
                received.Add(message.Args[0].GetString()!);
                return default;
            });
        });
        var connection = harness.Open();

        var connecting = connection.ReceiveAsync("0").AsTask();
        Assert.StartsWith("0{\"sid\"", Assert.Single(connection.Texts)); // ack already queued
        Assert.False(connecting.IsCompleted); // so Engine.IO holds the next packet back
        registered.SetResult();
        await connecting;
        await connection.ReceiveAsync("2[\"early\",\"join-event\"]");

        Assert.Equal(["join-event"], received);
    }

    [Fact]
    public async Task Connection_without_connect_is_closed_after_the_connect_timeout()
    {
        var harness = new SocketIoHarness(TimeSpan.FromSeconds(1));
        var connection = harness.Open();

        harness.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(connection.IsClosed);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("connect timeout", await connection.Closed);
    }

    [Fact]
    public async Task Connected_client_is_not_closed_by_the_connect_timeout()
    {
        var harness = new SocketIoHarness(TimeSpan.FromSeconds(1));
        var (connection, _) = await harness.ConnectAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Rejected_client_is_still_closed_by_the_connect_timeout()
    {
        var harness = new SocketIoHarness(TimeSpan.FromSeconds(1));
        harness.Server.Use((_, _) => ValueTask.FromResult<SocketIoConnectRejection?>(new("no")));
        var connection = harness.Open();
        await connection.ReceiveAsync("0");

        harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("connect timeout", await connection.Closed);
    }

    [Fact]
    public async Task Client_disconnect_leaves_the_namespace_silently_and_keeps_the_connection()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        string? reason = null;
        socket.OnDisconnect((_, why) => reason = why);
        socket.Join("room");

        await connection.ReceiveAsync("1");

        Assert.Equal("client namespace disconnect", reason);
        Assert.False(socket.Connected);
        Assert.False(connection.IsClosed);
        Assert.Single(connection.Texts); // only the connect ack: no reply to DISCONNECT
        Assert.Equal(0, harness.Server.Root.LocalRoomSize("room"));
        Assert.Equal(0, harness.Server.Root.LocalRoomSize(socket.Id));
        Assert.Equal(0, harness.Server.Root.LocalSocketCount);
    }

    [Fact]
    public async Task Client_can_leave_one_namespace_and_keep_using_another()
    {
        var harness = new SocketIoHarness();
        var (connection, root) = await harness.ConnectAsync();
        var echoed = 0;
        root.On("message", (_, _, _) =>
        {
            echoed++;
            return default;
        });
        await connection.ReceiveAsync("0/custom");
        await connection.ReceiveAsync("1/custom");
        await connection.ReceiveAsync("2[\"message\",\"to main\"]");

        Assert.Equal(1, echoed);
        Assert.False(harness.SocketOf(connection, "/custom").Connected);
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Server_disconnect_sends_disconnect_packet_and_runs_callbacks()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync("/custom");
        string? reason = null;
        socket.OnDisconnect((_, why) => reason = why);

        socket.Disconnect();

        Assert.Equal("1/custom,", connection.Texts[^1]);
        Assert.Equal("server namespace disconnect", reason);
        Assert.False(socket.Emit("late"));
    }

    [Fact]
    public async Task Disconnect_callback_registered_after_the_disconnect_still_runs()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        connection.Close("transport close");

        string? reason = null;
        socket.OnDisconnect((_, why) => reason = why);

        Assert.Equal("transport close", reason);
    }

    [Fact]
    public async Task Connection_closed_while_the_middleware_runs_leaves_no_socket_behind()
    {
        var harness = new SocketIoHarness();
        var release = new TaskCompletionSource<SocketIoConnectRejection?>();
        harness.Server.Use((_, _) => new ValueTask<SocketIoConnectRejection?>(release.Task));
        var connection = harness.Open();

        var connecting = connection.ReceiveAsync("0").AsTask();
        connection.Close("ping timeout");
        release.SetResult(null);
        await connecting;

        Assert.Equal(0, harness.Server.Root.LocalSocketCount);
        Assert.Empty(connection.Texts);
    }

    [Fact]
    public async Task Engine_close_disconnects_every_namespace_socket_with_the_engine_reason()
    {
        var harness = new SocketIoHarness();
        var (connection, root) = await harness.ConnectAsync();
        await connection.ReceiveAsync("0/custom,");
        var custom = harness.SocketOf(connection, "/custom");
        var reasons = new List<string>();
        root.OnDisconnect((_, why) => reasons.Add("root:" + why));
        custom.OnDisconnect((_, why) => reasons.Add("custom:" + why));

        connection.Close("transport close");

        Assert.Equal(["custom:transport close", "root:transport close"], reasons.Order());
        Assert.Equal(0, harness.Server.Root.LocalSocketCount);
        Assert.Equal(0, harness.Custom.LocalSocketCount);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("4abc")] // what the official suite sends (after the Engine.IO "4"): Socket.IO type 'a'
    [InlineData("2{}")]
    [InlineData("2abc[\"message\"]")]
    [InlineData("2[\"disconnect\"]")]
    [InlineData("2[]")]
    [InlineData("2[\"x\"")]
    [InlineData("2/custom,[\"x\"]")] // namespace not joined
    [InlineData("3/custom,1[]")]
    [InlineData("1/custom,")]
    [InlineData("0")] // second CONNECT to the same namespace
    [InlineData("4{\"message\":\"x\"}")] // CONNECT_ERROR from a client
    [InlineData("5-[\"x\"]")]
    [InlineData("50-[\"x\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("5100-[\"x\"]")]
    public async Task Malformed_or_out_of_order_packet_closes_the_connection(string packet)
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        string? reason = null;
        socket.OnDisconnect((_, why) => reason = why);

        await connection.ReceiveAsync(packet);

        Assert.Equal("parse error", await connection.Closed);
        Assert.Equal("parse error", reason);
    }

    [Fact]
    public async Task Malformed_connect_before_any_namespace_closes_the_connection()
    {
        var harness = new SocketIoHarness();
        var connection = harness.Open();

        await connection.ReceiveAsync("0\"not an object\"");

        Assert.Equal("parse error", await connection.Closed);
    }

    [Fact]
    public async Task Binary_message_without_a_binary_packet_closes_the_connection()
    {
        var harness = new SocketIoHarness();
        var (connection, _) = await harness.ConnectAsync();

        await connection.ReceiveBinaryAsync(1, 2, 3);

        Assert.Equal("parse error", await connection.Closed);
    }

    [Fact]
    public async Task Text_packet_while_attachments_are_pending_closes_the_connection()
    {
        var harness = new SocketIoHarness();
        var (connection, _) = await harness.ConnectAsync();

        await connection.ReceiveAsync("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await connection.ReceiveBinaryAsync(1);
        await connection.ReceiveAsync("2[\"x\"]");

        Assert.Equal("parse error", await connection.Closed);
    }

    [Fact]
    public async Task Placeholder_outside_the_attachments_closes_the_connection()
    {
        var harness = new SocketIoHarness();
        var (connection, _) = await harness.ConnectAsync();

        await connection.ReceiveAsync("51-[\"x\",{\"_placeholder\":true,\"num\":1}]");
        await connection.ReceiveBinaryAsync(1);

        Assert.Equal("parse error", await connection.Closed);
    }

    [Fact]
    public async Task A_binary_packet_before_connect_closes_the_connection_before_any_attachment_is_held()
    {
        var harness = new SocketIoHarness();
        var connection = harness.Open();

        await connection.ReceiveAsync("564-[\"x\",{\"_placeholder\":true,\"num\":0}]");

        Assert.Equal("parse error", await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Attachments_over_the_size_limit_close_the_connection()
    {
        var harness = new SocketIoHarness(maxAttachmentBytes: 4);
        var (connection, socket) = await harness.ConnectAsync();
        var received = new List<string?>();
        socket.On("x", (_, message, _) =>
        {
            received.Add(message.EventName);
            return default;
        });

        await connection.ReceiveAsync("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await connection.ReceiveBinaryAsync(1, 2, 3);
        await connection.ReceiveBinaryAsync(4, 5);

        Assert.Equal("parse error", await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(received);
    }

    [Fact]
    public async Task A_bad_client_does_not_affect_other_connections()
    {
        var harness = new SocketIoHarness();
        var (good, goodSocket) = await harness.ConnectAsync();
        var (bad, _) = await harness.ConnectAsync();
        goodSocket.Join("room");

        await bad.ReceiveAsync("2{}");
        harness.Server.To("room").Emit("still-here");

        Assert.True(bad.IsClosed);
        Assert.False(good.IsClosed);
        Assert.Equal("2[\"still-here\"]", good.Texts[^1]);
    }
}
