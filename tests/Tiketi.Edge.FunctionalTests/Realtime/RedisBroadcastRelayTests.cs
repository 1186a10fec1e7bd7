using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tiketi.Core;
using Tiketi.Edge.Cluster;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests.Realtime;

/// <summary>
/// The cluster relay's contract on a real Redis, with two relays standing for two instances: one
/// publish per broadcast reaches the other instance once with the same bytes and addressing, an
/// instance never re-delivers its own broadcast, and without Redis delivery stays local.
/// </summary>
public sealed class RedisBroadcastRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N") + ":";
    private readonly List<IAsyncDisposable> _disposables = [];
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_broadcast_reaches_the_other_instance_once_with_its_bytes_and_addressing()
    {
        var (_, relayA, deliveredA) = await StartInstanceAsync();
        var (_, relayB, deliveredB) = await StartInstanceAsync();

        Broadcast(relayA, ["seats:1", "user:2"], ["sid-x"], "2[\"seat-selected\",{\"seatId\":\"s\"}]", [1, 2, 3]);

        Assert.Equal(0, relayA.Dropped);
        var relayed = await deliveredB.NextAsync();
        Assert.Equal("/", relayed.Namespace);
        Assert.Equal(["seats:1", "user:2"], relayed.Rooms);
        Assert.Equal(["sid-x"], relayed.Except);
        Assert.Equal("2[\"seat-selected\",{\"seatId\":\"s\"}]", relayed.Text);
        Assert.Equal([new byte[] { 1, 2, 3 }], relayed.Attachments);
        Assert.Equal("2[\"seat-selected\",{\"seatId\":\"s\"}]", (await deliveredA.NextAsync()).Text); // its own local delivery

        // A marker back from B: A's own echo, had it not been ignored, would have arrived first
        // (Redis writes one PUBLISH to every subscriber before B could even react).
        Broadcast(relayB, ["r"], [], "2[\"marker\"]", null);
        Assert.Equal("2[\"marker\"]", (await deliveredA.NextAsync()).Text);
        Assert.Equal("2[\"marker\"]", (await deliveredB.NextAsync()).Text); // B's local delivery
        Assert.False(deliveredA.HasMore);
        Assert.False(deliveredB.HasMore);
        Assert.Equal(1, relayA.Published);
        Assert.Equal(1, relayB.Received);
    }

    [Fact]
    public async Task Without_Redis_delivery_stays_local_and_nothing_is_buffered_or_thrown()
    {
        var (connection, relay, delivered) = await StartInstanceAsync();
        await _redis.DisposeAsync();
        await Eventually.UntilAsync(() => !connection.IsConnected, "the multiplexer to notice the lost socket", Wait);
        for (var i = 0; i < 100; i++)
        {
            Broadcast(relay, ["event:1"], [], $"2[\"n\",{i}]", null);
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"2[\"n\",{i}]", (await delivered.NextAsync()).Text);
        }

        Assert.Equal(100, relay.Dropped);
        Assert.Equal(0, relay.Published);
    }

    private async Task<(ClusterConnection Connection, RedisBroadcastRelay Relay, RecordingDelivery Delivered)> StartInstanceAsync()
    {
        var settings = new TiketiSettings { DatabaseConnectionString = "Host=unused", RedisUrl = _redis.UrlFor(), JwtSecret = "unused" };
        var connection = new ClusterConnection(settings, Options.Create(new ClusterOptions { KeyPrefix = _prefix }), NullLogger<ClusterConnection>.Instance);
        var relay = new RedisBroadcastRelay(connection, NullLogger<RedisBroadcastRelay>.Instance);
        var delivered = new RecordingDelivery();
        relay.Bind(delivered);
        await relay.StartAsync(CancellationToken.None);
        await relay.Subscription.WaitAsync(Wait);
        _disposables.Add(new Stopper(relay, connection));

        // The subscription has its own Redis connection; publishing needs the command one, which on a busy machine can
        // come up later — until then a broadcast is (by design) delivered locally only.
        await Eventually.UntilAsync(() => connection.IsConnected, "the cluster's command connection", Wait);
        return (connection, relay, delivered);
    }

    private static void Broadcast(RedisBroadcastRelay relay, string[] rooms, string[] except, string text, byte[]? attachment)
    {
        var packet = new EncodedPacket(
            OutboundMessage.CreateText(Encoding.UTF8.GetBytes(text)),
            attachment is null ? null : [OutboundMessage.CreateBinary(attachment)]);
        try
        {
            relay.Broadcast("/", rooms, except, packet);
        }
        finally
        {
            packet.Release();
        }
    }

    private sealed record Delivery(string Namespace, string[] Rooms, string[] Except, string Text, byte[][] Attachments);

    private sealed class RecordingDelivery : ILocalBroadcastDelivery
    {
        private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();

        public bool HasMore => _deliveries.Reader.TryPeek(out _);

        public async Task<Delivery> NextAsync() => await _deliveries.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        public void DeliverLocal(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
        {
            var attachments = packet.Attachments.Select(a => a.Packet.ToArray()).ToArray();
            var text = Encoding.UTF8.GetString(packet.Text.Packet.Span[1..]); // without Engine.IO's "4"
            _deliveries.Writer.TryWrite(new Delivery(nsp, rooms.ToArray(), exceptRooms.ToArray(), text, attachments));
        }

        public int LocalRoomSize(string nsp, string room) => 0;
    }

    private sealed class Stopper(RedisBroadcastRelay relay, ClusterConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await relay.StopAsync(CancellationToken.None);
            relay.Dispose();
            await connection.DisposeAsync();
        }
    }
}
