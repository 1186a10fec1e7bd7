using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;
using static Tiketi.Edge.UnitTests.SocketIO.SocketIoHarness;

namespace Tiketi.Edge.UnitTests.SocketIO;

public class SocketIoBroadcastTests
{
    private static async Task<(FakeEngineConnection Connection, SocketIoSocket Socket)[]> ConnectManyAsync(SocketIoHarness harness, int count, string nsp = "/")
    {
        var result = new (FakeEngineConnection, SocketIoSocket)[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = await harness.ConnectAsync(nsp);
        }

        return result;
    }

    private static async Task<(FakeEngineConnection Connection, SocketIoSocket Socket)[]> ConnectRoomAsync(SocketIoHarness harness, int count, string room)
    {
        var clients = await ConnectManyAsync(harness, count);
        foreach (var (_, socket) in clients)
        {
            socket.Join(room);
        }

        return clients;
    }

    private static bool Got(FakeEngineConnection connection, string packet) => connection.Texts.Contains(packet);

    [Fact]
    public async Task Room_broadcast_reaches_exactly_the_members()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectManyAsync(harness, 4);
        clients[0].Socket.Join("a");
        clients[1].Socket.Join("a");
        clients[2].Socket.Join("b");

        harness.Server.To("a").Emit("hello", Json("1"));

        Assert.Equal([true, true, false, false], clients.Select(c => Got(c.Connection, "2[\"hello\",1]")));
        Assert.Equal(2, harness.Server.Root.LocalRoomSize("a"));
        Assert.Equal(2, harness.Server.LocalRoomSize("/", "a"));
    }

    [Fact]
    public async Task Several_rooms_deliver_once_to_sockets_in_more_than_one()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectManyAsync(harness, 3);
        clients[0].Socket.Join("a");
        clients[1].Socket.Join("a");
        clients[1].Socket.Join("b");
        clients[2].Socket.Join("b");

        harness.Server.To("a").To("b").Emit("x");

        Assert.All(clients, c => Assert.Equal(1, c.Connection.Texts.Count(t => t == "2[\"x\"]")));
    }

    [Fact]
    public async Task Except_rooms_and_socket_ids_are_left_out()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectRoomAsync(harness, 4, "a");

        clients[1].Socket.Join("muted");

        harness.Server.To("a").Except("muted").Except(clients[3].Socket.Id).Emit("x");

        Assert.Equal([true, false, true, false], clients.Select(c => Got(c.Connection, "2[\"x\"]")));
    }

    [Fact]
    public async Task Namespace_wide_broadcast_with_except_and_socket_broadcast_skip_the_sender()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectManyAsync(harness, 3);
        clients[0].Socket.Join("room");
        clients[1].Socket.Join("room");

        clients[0].Socket.Broadcast.Emit("all-but-me");
        clients[0].Socket.To("room").Emit("room-but-me");
        harness.Server.Root.Emit("everyone");

        Assert.Equal([false, true, true], clients.Select(c => Got(c.Connection, "2[\"all-but-me\"]")));
        Assert.Equal([false, true, false], clients.Select(c => Got(c.Connection, "2[\"room-but-me\"]")));
        Assert.All(clients, c => Assert.True(Got(c.Connection, "2[\"everyone\"]")));
    }

    [Fact]
    public async Task Rooms_are_per_namespace()
    {
        var harness = new SocketIoHarness();
        var (rootConnection, rootSocket) = await harness.ConnectAsync();
        var (customConnection, customSocket) = await harness.ConnectAsync("/custom");
        rootSocket.Join("same");
        customSocket.Join("same");

        harness.Custom.To("same").Emit("x");

        Assert.Equal("2/custom,[\"x\"]", customConnection.Texts[^1]);
        Assert.DoesNotContain(rootConnection.Texts, t => t.Contains("\"x\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Socket_id_room_targets_that_socket_and_leave_stops_delivery()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectManyAsync(harness, 2);
        clients[0].Socket.Join("r");

        harness.Server.To(clients[1].Socket.Id).Emit("direct");
        clients[0].Socket.Leave("r");
        harness.Server.To("r").Emit("after-leave");

        Assert.Equal([false, true], clients.Select(c => Got(c.Connection, "2[\"direct\"]")));
        Assert.False(Got(clients[0].Connection, "2[\"after-leave\"]"));
        Assert.Equal(0, harness.Server.Root.LocalRoomSize("r"));
        Assert.Equal(["" + clients[0].Socket.Id], clients[0].Socket.Rooms);
    }

    [Fact]
    public async Task Leaving_the_own_id_room_stops_direct_delivery_and_joining_it_again_restores_it()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();

        socket.Leave(socket.Id);
        harness.Server.To(socket.Id).Emit("while-out");
        Assert.Empty(socket.Rooms);
        Assert.Equal(0, harness.Server.Root.LocalRoomSize(socket.Id));

        socket.Join(socket.Id);
        socket.Join(socket.Id); // already a member: no-op
        harness.Server.To(socket.Id).Emit("back");

        Assert.False(Got(connection, "2[\"while-out\"]"));
        Assert.Single(connection.Texts, "2[\"back\"]");
        Assert.Equal([socket.Id], socket.Rooms);
        Assert.Equal(1, harness.Server.Root.LocalRoomSize(socket.Id));
    }

    [Fact]
    public async Task A_room_that_shrinks_to_one_member_and_grows_again_reaches_exactly_its_members()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectManyAsync(harness, 3);

        clients[0].Socket.Join("r");                       // one member
        harness.Server.To("r").Emit("one");
        clients[1].Socket.Join("r");                       // two
        clients[0].Socket.Leave("r");                      // back to one, a different one
        harness.Server.To("r").Emit("other");
        clients[2].Socket.Join("r");
        clients[0].Socket.Join("r");                       // three
        harness.Server.To("r").Emit("all");

        Assert.Equal([true, false, false], clients.Select(c => Got(c.Connection, "2[\"one\"]")));
        Assert.Equal([false, true, false], clients.Select(c => Got(c.Connection, "2[\"other\"]")));
        Assert.Equal([true, true, true], clients.Select(c => Got(c.Connection, "2[\"all\"]")));
        Assert.Equal(3, harness.Server.Root.LocalRoomSize("r"));
        Assert.Equal(clients.Select(c => c.Socket).OrderBy(s => s.Id), harness.Server.Root.LocalMembers("r").OrderBy(s => s.Id));
        Assert.Equal(new[] { clients[0].Socket.Id, "r" }.Order(), clients[0].Socket.Rooms.Order());
    }

    [Fact]
    public async Task Broadcast_is_encoded_once_and_every_recipient_shares_the_same_message()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectRoomAsync(harness, 3, "a");

        harness.Server.To("a").Emit("shared", Args("[{\"big\":\"payload\"}]"));

        var sent = clients.Select(c => c.Connection.Messages[^1]).ToArray();
        Assert.Same(sent[0], sent[1]);
        Assert.Same(sent[0], sent[2]);
        // The broadcaster already dropped its own reference: the recipients' references keep it alive...
        clients[0].Connection.ReleaseAll();
        clients[1].Connection.ReleaseAll();
        Assert.Equal("42[\"shared\",{\"big\":\"payload\"}]", System.Text.Encoding.UTF8.GetString(sent[2].Packet.Span));
        // ...and the last one returns the buffer.
        clients[2].Connection.ReleaseAll();
        Assert.Throws<ObjectDisposedException>(() => sent[2].Packet);
    }

    [Fact]
    public async Task Binary_broadcast_shares_text_and_attachments_and_keeps_their_order()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectRoomAsync(harness, 2, "a");

        harness.Server.To("a").Emit("file", Args("[{\"_placeholder\":true,\"num\":0}]"), [new byte[] { 1, 2 }]);

        var first = clients[0].Connection.Messages[^2..];
        var second = clients[1].Connection.Messages[^2..];
        Assert.Same(first[0], second[0]);
        Assert.Same(first[1], second[1]);
        Assert.Equal("51-[\"file\",{\"_placeholder\":true,\"num\":0}]", clients[0].Connection.Texts[^1]);
        Assert.True(first[1].IsBinary);
        Assert.Equal(new byte[] { 1, 2 }, first[1].Packet.ToArray());
    }

    [Fact]
    public async Task Every_broadcast_goes_through_the_relay_with_rooms_and_encoded_bytes()
    {
        var relay = new RecordingRelay();
        var server = new SocketIoServer(relay: relay);
        var connection = FakeEngineConnection.Open(server);
        await connection.ReceiveAsync("0");

        server.To("a").To("b").Except("c").Emit("x", Json("true"));

        var (nsp, rooms, except, bytes) = Assert.Single(relay.Published);
        Assert.Equal("/", nsp);
        Assert.Equal(["a", "b"], rooms);
        Assert.Equal(["c"], except);
        Assert.Equal("42[\"x\",true]", bytes);
    }

    [Fact]
    public async Task Parallel_joins_leaves_and_broadcasts_keep_the_index_consistent()
    {
        var harness = new SocketIoHarness();
        var clients = await ConnectManyAsync(harness, 64);
        var rooms = new[] { "r0", "r1", "r2", "r3" };
        using var stop = new CancellationTokenSource();

        var broadcaster = Task.Run(() =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested || count < 100)
            {
                harness.Server.To(rooms[count % 4]).Except(rooms[(count + 1) % 4]).Emit("tick");
                harness.Server.To(rooms[count % 4]).Emit("tock");
                count++;
            }
        });
        var churn = clients.Select((client, index) => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var room = rooms[(index + i) % 4];
                client.Socket.Join(room);
                if (i % 3 != 0)
                {
                    client.Socket.Leave(room);
                }
            }
        })).ToArray();
        await Task.WhenAll(churn);
        stop.Cancel();
        await broadcaster;

        foreach (var room in rooms)
        {
            var expected = clients.Count(c => c.Socket.Rooms.Contains(room));
            Assert.Equal(expected, harness.Server.Root.LocalRoomSize(room));
        }

        foreach (var client in clients)
        {
            client.Connection.ReleaseAll();
        }

        harness.Server.To("r0").Emit("final");
        Assert.All(clients, c => Assert.Equal(c.Socket.Rooms.Contains("r0"), Got(c.Connection, "2[\"final\"]")));
    }

    [Fact]
    public async Task Disconnect_during_broadcast_through_a_close_handler_is_safe()
    {
        var harness = new SocketIoHarness();
        var (slow, slowSocket) = await harness.ConnectAsync(capacity: 1);
        var (other, otherSocket) = await harness.ConnectAsync();
        slowSocket.Join("r");
        otherSocket.Join("r");
        otherSocket.Join("s");
        // A disconnect callback that itself broadcasts, re-entering delivery on the same thread.
        slowSocket.OnDisconnect((_, _) => harness.Server.To("s").Except("r2").Emit("left"));

        harness.Server.To("r").Except("nobody").Emit("x");

        Assert.True(slow.IsClosed);
        // The disconnect callback ran off the sending thread, so its broadcast may overtake "x"
        // on the other socket: await both (connect ack + 2), in either order.
        await other.WaitForMessagesAsync(3);
        Assert.Contains("2[\"x\"]", other.Texts);
        Assert.Contains("2[\"left\"]", other.Texts);
    }

    [Fact]
    public async Task Text_packets_never_slip_between_a_binary_packet_and_its_attachments()
    {
        var harness = new SocketIoHarness();
        var (connection, socket) = await harness.ConnectAsync();
        socket.Join("r");
        Task? racingEmit = null;
        connection.BeforeSend = message =>
        {
            if (message.IsBinary && racingEmit is null)
            {
                // Mid binary packet: another thread emits a text packet. It must wait for the attachments.
                racingEmit = Task.Run(() => socket.Emit("text"));
                SpinWait.SpinUntil(() => racingEmit.IsCompleted, TimeSpan.FromMilliseconds(200));
            }
        };

        harness.Server.To("r").Emit("bin", Args("[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"), [new byte[] { 1 }, new byte[] { 2 }]);
        await racingEmit!;

        var messages = connection.Messages;
        Assert.Equal(["0", "52-", "bin", "bin", "2[\"text\"]"], messages.Select(Describe));
    }

    private static string Describe(OutboundMessage message)
    {
        if (message.IsBinary)
        {
            return "bin";
        }

        var text = System.Text.Encoding.UTF8.GetString(message.Packet.Span)[1..];
        return text.StartsWith('0') ? "0" : text.StartsWith("52-", StringComparison.Ordinal) ? "52-" : text;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public async Task Slow_consumers_dropping_during_parallel_broadcasts_never_deadlock(int windowMs)
    {
        var harness = new SocketIoHarness(broadcastWindow: TimeSpan.FromMilliseconds(windowMs));
        var clients = new (FakeEngineConnection Connection, SocketIoSocket Socket)[40];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = await harness.ConnectAsync(capacity: 2 + (i % 7));
            clients[i].Socket.Join("r");
            // Like a room-info update on leave: a broadcast from inside the disconnect callback.
            clients[i].Socket.OnDisconnect((_, _) => harness.Server.To("r").Emit("left"));
        }

        using var stop = new CancellationTokenSource();
        // With batching on, windows end (and batches go out) on another thread while broadcasts continue.
        var clock = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                harness.Time.Advance(TimeSpan.FromMilliseconds(5));
                await Task.Yield();
            }
        });
        var broadcasters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                harness.Server.To("r").Emit("tick");
            }
        }));
        await Task.WhenAll(broadcasters).WaitAsync(TimeSpan.FromSeconds(20));
        foreach (var (connection, _) in clients)
        {
            await connection.Closed.WaitAsync(TimeSpan.FromSeconds(20));
        }

        await stop.CancelAsync();
        await clock;
        Assert.All(clients, c => Assert.True(c.Connection.IsClosed));
    }

    [Fact]
    public async Task Broadcasts_to_a_busy_room_within_the_window_go_out_together_in_order_at_its_end()
    {
        var harness = new SocketIoHarness(broadcastWindow: TimeSpan.FromMilliseconds(10));
        var clients = await ConnectRoomAsync(harness, 40, "seats");

        var before = clients[0].Connection.Messages.Length;
        harness.Server.To("seats").Emit("n", Json("1"));   // after a quiet window: at once
        harness.Server.To("seats").Emit("n", Json("2"));   // within the window: held
        harness.Server.To("seats").Emit("n", Json("3"));

        Assert.All(clients, c => Assert.Equal(["2[\"n\",1]"], c.Connection.Texts[^1..]));
        Assert.Equal(before + 1, clients[0].Connection.Messages.Length);

        harness.Time.Advance(TimeSpan.FromMilliseconds(10));

        // One more queued message per member, carrying both held broadcasts in order.
        Assert.All(clients, c => Assert.Equal(["2[\"n\",1]", "2[\"n\",2]", "2[\"n\",3]"], c.Connection.Texts[^3..]));
        var combined = clients[0].Connection.Messages[^1];
        Assert.Equal(before + 2, clients[0].Connection.Messages.Length);
        Assert.Equal(2, combined.Count);
    }

    [Fact]
    public async Task Small_rooms_are_never_batched()
    {
        var harness = new SocketIoHarness(broadcastWindow: TimeSpan.FromMilliseconds(10));
        var clients = await ConnectRoomAsync(harness, 3, "small");

        harness.Server.To("small").Emit("n", Json("1"));
        harness.Server.To("small").Emit("n", Json("2"));

        Assert.All(clients, c => Assert.Equal(["2[\"n\",1]", "2[\"n\",2]"], c.Connection.Texts[^2..]));
    }

    [Fact]
    public async Task A_binary_broadcast_sends_what_the_window_holds_first()
    {
        var harness = new SocketIoHarness(broadcastWindow: TimeSpan.FromMilliseconds(10));
        var clients = await ConnectRoomAsync(harness, 40, "r");

        harness.Server.To("r").Emit("t", Json("1"));
        harness.Server.To("r").Emit("t", Json("2"));    // held
        harness.Server.To("r").Emit("bin", [Json("{\"_placeholder\":true,\"num\":0}")], [new byte[] { 7 }]);

        var texts = clients[5].Connection.Texts;
        Assert.Equal("2[\"t\",2]", texts[^2]);
        Assert.StartsWith("51-[\"bin\"", texts[^1], StringComparison.Ordinal);
        Assert.True(clients[5].Connection.Messages[^1].IsBinary);
    }

    [Fact]
    public async Task A_held_broadcast_goes_to_the_members_at_the_window_end_and_an_emptied_room_keeps_nothing()
    {
        var harness = new SocketIoHarness(broadcastWindow: TimeSpan.FromMilliseconds(10));
        var clients = await ConnectRoomAsync(harness, 40, "r");

        harness.Server.To("r").Emit("t", Json("1"));
        harness.Server.To("r").Emit("t", Json("2"));    // held
        for (var i = 1; i < clients.Length; i++)
        {
            clients[i].Socket.Leave("r");
        }

        // Membership counts when the batch goes out (as for a broadcast made at that moment).
        harness.Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("2[\"t\",2]", clients[0].Connection.Texts[^1]);
        Assert.DoesNotContain("2[\"t\",2]", clients[1].Connection.Texts);

        harness.Server.To("r").Emit("t", Json("9"));
        clients[0].Socket.Leave("r");
        Assert.Equal(0, harness.Server.Root.LocalRoomSize("r"));
        harness.Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.DoesNotContain("2[\"t\",9]", clients[0].Connection.Texts);

        // The emptied room dropped its batch: re-filled small, it sends at once.
        clients[1].Socket.Join("r");
        harness.Server.To("r").Emit("t", Json("3"));
        Assert.Equal("2[\"t\",3]", clients[1].Connection.Texts[^1]);
    }

    private sealed class RecordingRelay : IBroadcastRelay
    {
        private ILocalBroadcastDelivery? _local;

        public List<(string Nsp, string[] Rooms, string[] Except, string Bytes)> Published { get; } = [];

        public void Bind(ILocalBroadcastDelivery local) => _local = local;

        public void Broadcast(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
        {
            Published.Add((nsp, rooms.ToArray(), exceptRooms.ToArray(), System.Text.Encoding.UTF8.GetString(packet.Text.Packet.Span)));
            _local!.DeliverLocal(nsp, rooms, exceptRooms, packet);
        }
    }
}
