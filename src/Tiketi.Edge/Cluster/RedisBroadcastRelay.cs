using StackExchange.Redis;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Cluster;

/// <summary>
/// The cluster relay behind <see cref="IBroadcastRelay"/>: a broadcast is delivered to this
/// instance's members and published once, as one <see cref="RelayEnvelope"/>, on the single
/// broadcast channel every instance subscribes to (one subscription per process, never per
/// connection or room). A receiving instance ignores its own envelopes, re-frames the packet once
/// and delivers it to its local members. While Redis is unreachable, delivery stays local and
/// envelopes are dropped (counted), never buffered; the connection recovers by itself.
/// </summary>
public sealed partial class RedisBroadcastRelay : IBroadcastRelay, IHostedService, IDisposable
{
    private readonly ClusterConnection _connection;
    private readonly ILogger<RedisBroadcastRelay> _logger;
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private readonly ISubscriber _subscriber;
    private readonly CancellationTokenSource _stopping = new();
    private ILocalBroadcastDelivery? _local;
    private Task _subscribing = Task.CompletedTask;
    private long _published;
    private long _received;
    private long _dropped;
    private int _dropLogged;

    public RedisBroadcastRelay(ClusterConnection connection, ILogger<RedisBroadcastRelay> logger)
    {
        _connection = connection;
        _logger = logger;
        _channel = new RedisChannel(connection.Options.BroadcastChannel, RedisChannel.PatternMode.Literal);
        _onMessage = OnMessage;
        _subscriber = connection.Multiplexer.GetSubscriber();
    }

    /// <summary>Envelopes published to the cluster.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Envelopes from other instances delivered locally.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Broadcasts not published because Redis was unreachable (delivered locally only).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Completes once the channel subscription is in place (or the relay stopped first).</summary>
    internal Task Subscription => _subscribing;

    /// <inheritdoc />
    public void Bind(ILocalBroadcastDelivery local)
    {
        if (Interlocked.CompareExchange(ref _local, local, null) is not null)
        {
            throw new InvalidOperationException("This relay is already bound to a server.");
        }
    }

    /// <inheritdoc />
    public void Broadcast(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
    {
        var local = _local ?? throw new InvalidOperationException("The relay is not bound to a server.");
        local.DeliverLocal(nsp, rooms, exceptRooms, packet);
        Publish(nsp, rooms, exceptRooms, packet);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscribing = _connection.SubscribeAsync(_channel, _onMessage, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _subscribing.ConfigureAwait(false);
        try
        {
            if (_connection.IsConnected)
            {
                await _subscriber.UnsubscribeAsync(_channel, _onMessage).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnsubscribeFailed(_logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private void Publish(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
    {
        if (!_connection.IsConnected)
        {
            // Not queued: a Redis outage must not grow memory; local members were served already.
            Interlocked.Increment(ref _dropped);
            if (Interlocked.Exchange(ref _dropLogged, 1) == 0)
            {
                LogDroppingWhileDisconnected(_logger);
            }

            return;
        }

        Interlocked.Exchange(ref _dropLogged, 0);
        var attachments = packet.Attachments.Length == 0 ? [] : new ReadOnlyMemory<byte>[packet.Attachments.Length];
        for (var i = 0; i < attachments.Length; i++)
        {
            attachments[i] = packet.Attachments[i].Packet;
        }

        // Packet is "4" + the Socket.IO text; the envelope carries the Socket.IO text only.
        var envelope = RelayEnvelope.Write(_connection.InstanceId, nsp, rooms, exceptRooms, packet.Text.Packet.Span[1..], attachments);
        try
        {
            _subscriber.Publish(_channel, envelope, CommandFlags.FireAndForget);
            Interlocked.Increment(ref _published);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Interlocked.Increment(ref _dropped);
            LogPublishFailed(_logger, ex.Message);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        byte[]? data = value;
        if (data is null
            || !RelayEnvelope.TryReadOrigin(data, out var origin)
            || origin == _connection.InstanceId)
        {
            return; // our own envelope (or not an envelope at all)
        }

        if (!RelayEnvelope.TryRead(data, out var broadcast))
        {
            LogMalformedEnvelope(_logger, data.Length);
            return;
        }

        var local = _local;
        if (local is null)
        {
            return;
        }

        OutboundMessage[]? attachments = null;
        if (broadcast.Attachments.Length > 0)
        {
            attachments = new OutboundMessage[broadcast.Attachments.Length];
            for (var i = 0; i < attachments.Length; i++)
            {
                attachments[i] = OutboundMessage.CreateBinary(broadcast.Attachments[i].Span);
            }
        }

        var packet = new EncodedPacket(OutboundMessage.CreateText(broadcast.Text.Span), attachments);
        try
        {
            local.DeliverLocal(broadcast.Namespace, broadcast.Rooms, broadcast.ExceptRooms, packet);
            Interlocked.Increment(ref _received);
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(_logger, ex, broadcast.Namespace);
        }
        finally
        {
            packet.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cluster relay unsubscribe failed: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster Redis unreachable: broadcasts are delivered to this instance only until it is back")]
    private static partial void LogDroppingWhileDisconnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster relay publish failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed relay envelope of {Length} bytes")]
    private static partial void LogMalformedEnvelope(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local delivery of a relayed broadcast in {Namespace} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string @namespace);
}
