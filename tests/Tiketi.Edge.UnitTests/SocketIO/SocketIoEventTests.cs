using System.Text.Json;
using Tiketi.Edge.SocketIO;
using static Tiketi.Edge.UnitTests.SocketIO.SocketIoHarness;

namespace Tiketi.Edge.UnitTests.SocketIO;

public class SocketIoEventTests
{
    [Fact]
    public async Task Event_reaches_its_handler_with_arguments_and_without_ack()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        SocketIoMessage? received = null;
        var ackRequested = true;
        socket.On("message", (_, message, ack) =>
        {
            received = message;
            ackRequested = ack is not null;
            return default;
        });

        await connection.ReceiveAsync("2[\"message\",1,\"2\",{\"3\":[true]}]");

        Assert.NotNull(received);
        Assert.Equal("message", received.EventName);
        Assert.Equal(3, received.Args.Length);
        Assert.Equal(1, received.Args[0].GetInt32());
        Assert.Equal("2", received.Args[1].GetString());
        Assert.False(ackRequested);
    }

    [Fact]
    public async Task Echo_re_encodes_arguments_unchanged()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        socket.On("message", (s, message, _) =>
        {
            s.Emit("message-back", message.Args, message.Attachments);
            return default;
        });

        await connection.ReceiveAsync("2[\"message\",1,\"2\",{\"3\":[true],\"a\":{\"z\":1,\"b\":2}},\"한글\"]");

        Assert.Equal("2[\"message-back\",1,\"2\",{\"3\":[true],\"a\":{\"z\":1,\"b\":2}},\"한글\"]", connection.Texts[^1]);
    }

    [Fact]
    public async Task Event_in_a_custom_namespace_is_answered_in_that_namespace()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync("/custom");
        socket.On("ping-me", (s, _, ack) =>
        {
            ack!.Send(Json("\"pong\""));
            return default;
        });

        await connection.ReceiveAsync("2/custom,7[\"ping-me\"]");

        Assert.Equal("3/custom,7[\"pong\"]", connection.Texts[^1]);
    }

    [Fact]
    public async Task Client_ack_request_is_answered_once_with_the_handler_arguments()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        var second = true;
        socket.On("message-with-ack", (_, message, ack) =>
        {
            ack!.Send(message.Args);
            second = ack.Send(Json("1"));
            return default;
        });

        await connection.ReceiveAsync("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

        Assert.Equal("3456[1,\"2\",{\"3\":[false]}]", connection.Texts[^1]);
        Assert.False(second);
        Assert.Equal(2, connection.Texts.Length);
    }

    [Fact]
    public async Task Unhandled_event_is_ignored_without_closing()
    {
        var harness = new SocketIoHarness();
        var (connection, _) = await harness.ConnectAsync();

        await connection.ReceiveAsync("21[\"nobody-listens\"]");

        Assert.False(connection.IsClosed);
        Assert.Single(connection.Texts);
    }

    [Fact]
    public async Task Throwing_handler_is_contained_and_the_connection_keeps_working()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        socket.On("boom", (_, _, _) => throw new InvalidOperationException("bug"));
        socket.On("async-boom", async (_, _, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("bug");
        });
        socket.On("ok", (s, _, ack) =>
        {
            ack!.Send();
            return default;
        });

        var before = connection.Texts.Length;
        await connection.ReceiveAsync("2[\"boom\"]");
        await connection.ReceiveAsync("2[\"async-boom\"]");
        await connection.ReceiveAsync("25[\"ok\"]");

        // Handlers run one at a time behind the async one, so await the ack rather than assume it.
        Assert.Equal("35[]", await connection.WaitForTextAsync(before));
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Binary_event_is_reassembled_from_the_following_binary_messages()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        SocketIoMessage? received = null;
        socket.On("message", (_, message, _) =>
        {
            received = message;
            return default;
        });

        await connection.ReceiveAsync("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        Assert.Null(received);
        await connection.ReceiveBinaryAsync(1, 2, 3);
        Assert.Null(received);
        await connection.ReceiveBinaryAsync(4, 5, 6);

        Assert.NotNull(received);
        Assert.Equal(2, received.Attachments.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, received.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 4, 5, 6 }, received.Attachments[1].ToArray());
        Assert.Equal(1, received.Args[1].GetProperty("num").GetInt32());
    }

    [Fact]
    public async Task Binary_echo_sends_binary_event_then_its_attachments_in_order()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        socket.On("message", (s, message, _) =>
        {
            s.Emit("message-back", message.Args, message.Attachments);
            return default;
        });

        await connection.ReceiveAsync("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"[1..]);
        await connection.ReceiveBinaryAsync(1, 2, 3);
        await connection.ReceiveBinaryAsync(4, 5, 6);

        var messages = connection.Messages;
        Assert.Equal(4, messages.Length);
        Assert.Equal("52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", connection.Texts[1]);
        Assert.True(messages[2].IsBinary);
        Assert.Equal(new byte[] { 1, 2, 3 }, messages[2].Packet.ToArray());
        Assert.Equal(new byte[] { 4, 5, 6 }, messages[3].Packet.ToArray());
    }

    [Fact]
    public async Task Binary_event_with_ack_is_answered_with_a_binary_ack()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync("/custom");
        socket.On("message-with-ack", (_, message, ack) =>
        {
            ack!.Send(message.Args, message.Attachments);
            return default;
        });

        await connection.ReceiveAsync("51-/custom,789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0}]");
        await connection.ReceiveBinaryAsync(9, 8);

        Assert.Equal("61-/custom,789[{\"_placeholder\":true,\"num\":0}]", connection.Texts[^1]);
        Assert.Equal(new byte[] { 9, 8 }, connection.Messages[^1].Packet.ToArray());
    }

    [Fact]
    public async Task Events_of_one_socket_run_in_order_when_a_handler_awaits()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        var (otherConnection, other) = await harness.ConnectAsync();
        var gate = new TaskCompletionSource();
        var order = new List<string>();
        var secondDone = new TaskCompletionSource();
        socket.On("join-event", async (_, _, _) =>
        {
            lock (order)
            {
                order.Add("join:start");
            }

            await gate.Task; // e.g. a Redis round trip
            lock (order)
            {
                order.Add("join:end");
            }
        });
        socket.On("leave-event", (_, _, _) =>
        {
            lock (order)
            {
                order.Add("leave");
            }

            secondDone.SetResult();
            return default;
        });
        var otherRan = false;
        other.On("leave-event", (_, _, _) =>
        {
            otherRan = true;
            return default;
        });

        await connection.ReceiveAsync("2[\"join-event\"]");
        await connection.ReceiveAsync("2[\"leave-event\"]");
        await otherConnection.ReceiveAsync("2[\"leave-event\"]");

        Assert.True(otherRan); // other sockets are not held up
        Assert.Equal(["join:start"], order);
        gate.SetResult();
        await secondDone.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["join:start", "join:end", "leave"], order);
    }

    [Fact]
    public async Task Client_outrunning_a_stuck_handler_is_disconnected_at_the_backlog_limit()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        var never = new TaskCompletionSource();
        socket.On("stuck", (_, _, _) => new ValueTask(never.Task));

        for (var i = 0; i <= EventDispatchQueue.MaxBacklog; i++)
        {
            await connection.ReceiveAsync("2[\"stuck\"]");
            Assert.False(connection.IsClosed);
        }

        await connection.ReceiveAsync("2[\"stuck\"]");

        Assert.Equal("event backlog overflow", await connection.Closed);
    }

    [Fact]
    public async Task Server_emit_with_ack_resolves_with_the_client_answer()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        var answer = socket.EmitWithAckAsync("question", Args("[1,{\"a\":2}]"), TimeSpan.FromSeconds(5)).AsTask();
        Assert.Equal("20[\"question\",1,{\"a\":2}]", connection.Texts[^1]);
        var second = socket.EmitWithAckAsync("again", [], TimeSpan.FromSeconds(5)).AsTask();
        Assert.Equal("21[\"again\"]", connection.Texts[^1]);

        await connection.ReceiveAsync("31[\"second\"]");
        await connection.ReceiveAsync("30[\"yes\",42]");

        var message = await answer;
        Assert.Null(message.EventName);
        Assert.Equal("yes", message.Args[0].GetString());
        Assert.Equal(42, message.Args[1].GetInt32());
        Assert.Equal("second", (await second).Args[0].GetString());
    }

    [Fact]
    public async Task Server_emit_with_ack_accepts_a_binary_ack()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        var answer = socket.EmitWithAckAsync("question", [], TimeSpan.FromSeconds(5)).AsTask();
        await connection.ReceiveAsync("61-0[{\"_placeholder\":true,\"num\":0}]");
        await connection.ReceiveBinaryAsync(7);

        Assert.Equal(new byte[] { 7 }, (await answer).Attachments[0].ToArray());
    }

    [Fact]
    public async Task Server_emit_with_ack_times_out_and_a_late_ack_is_ignored()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        var answer = socket.EmitWithAckAsync("question", [], TimeSpan.FromSeconds(5)).AsTask();
        harness.Time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TimeoutException>(() => answer);
        await connection.ReceiveAsync("30[\"late\"]");
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Pending_server_ack_is_cancelled_when_the_socket_disconnects()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        var answer = socket.EmitWithAckAsync("question", [], TimeSpan.FromSeconds(5)).AsTask();
        connection.Close("transport close");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer);
    }

    [Fact]
    public async Task Handler_awaiting_a_client_ack_does_not_block_reading_that_ack()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        socket.On("request-ack", async (s, message, ack) =>
        {
            var answer = await s.EmitWithAckAsync("ask", [], TimeSpan.FromSeconds(5));
            ack!.Send(answer.Args);
        });

        await connection.ReceiveAsync("23[\"request-ack\"]");
        Assert.Equal("20[\"ask\"]", connection.Texts[^1]);
        await connection.ReceiveAsync("30[\"reply\"]");

        Assert.Equal("33[\"reply\"]", await connection.WaitForTextAsync(2));
    }

    [Fact]
    public async Task Typed_emit_serializes_with_source_generated_metadata()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        socket.Emit("room-info", new SocketIoPacketWriterTests.RoomInfo("e", 2), SocketIoPacketWriterTests.WriterTestJson.Default.RoomInfo);

        Assert.Equal("2[\"room-info\",{\"eventId\":\"e\",\"userCount\":2}]", connection.Texts[^1]);
    }

    [Fact]
    public async Task Overflowing_the_outbound_queue_closes_only_that_connection()
    {
        var harness = new SocketIoHarness();
        var (slow, slowSocket) = await harness.ConnectAsync(capacity: 3);
        var (fast, fastSocket) = await harness.ConnectAsync();
        slowSocket.Join("room");
        fastSocket.Join("room");
        var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        slowSocket.OnDisconnect((_, why) => reason.TrySetResult(why));

        for (var i = 0; i < 5; i++)
        {
            harness.Server.To("room").Emit("tick");
        }

        Assert.Equal("slow consumer", await slow.Closed);
        Assert.Equal("slow consumer", await reason.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(fast.IsClosed);
        Assert.Equal(6, fast.Texts.Length);
        Assert.Equal(1, harness.Server.Root.LocalRoomSize("room"));
    }
}
