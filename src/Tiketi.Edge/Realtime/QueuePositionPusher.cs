using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using Tiketi.Core.Time;
using Tiketi.Core.WaitingRoom;
using Tiketi.Edge.Cluster;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// Pushes <c>queue-updated</c> to every waiting-room socket in the cluster after each admission batch, each
/// waiting user's sockets with their own <c>position</c> and <c>estimatedWait</c>. The instance that admitted
/// publishes one small signal per update (one channel, one subscription per process); every instance then looks
/// up the positions of its own local members in one Redis round trip and sends each socket its own copy — so
/// no per-user message crosses the cluster and each socket gets exactly one <c>queue-updated</c> per batch
/// (the client re-fetches its status on each). Positions are estimates at one moment; the REST status stays
/// the source of truth.
/// </summary>
public sealed partial class QueuePositionPusher : IHostedService, IDisposable
{
    private readonly SocketIoServer _server;
    private readonly WaitingPositions _positions;
    private readonly ClusterConnection _connection;
    private readonly ILogger<QueuePositionPusher> _logger;
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private readonly ConcurrentDictionary<Guid, PushState> _pushes = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _subscribing = Task.CompletedTask;

    public QueuePositionPusher(SocketIoServer server, WaitingPositions positions, ClusterConnection connection, ILogger<QueuePositionPusher> logger)
    {
        _server = server;
        _positions = positions;
        _connection = connection;
        _logger = logger;
        _channel = new RedisChannel(connection.Options.QueueUpdateChannel, RedisChannel.PatternMode.Literal);
        _onMessage = OnSignal;
    }

    /// <summary>Tells every instance (this one directly) that <paramref name="update"/> happened.</summary>
    public void Publish(QueueUpdate update, string timestamp)
    {
        var signal = new QueueUpdateSignal(_connection.InstanceId, update.EventId, update.QueueSize, update.AdmissionsPerSecond, timestamp);
        Push(signal);
        if (!_connection.IsConnected)
        {
            return; // the others get the next one; nothing is queued while Redis is away
        }

        try
        {
            _connection.Multiplexer.GetSubscriber().Publish(
                _channel, JsonSerializer.SerializeToUtf8Bytes(signal, RealtimeJson.Default.QueueUpdateSignal), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(_logger, ex.Message);
        }
    }

    /// <inheritdoc />
    /// <remarks>Never waits for Redis: the subscription is made in the background (startup must not hang on it).</remarks>
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
                await _connection.Multiplexer.GetSubscriber().UnsubscribeAsync(_channel, _onMessage).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnsubscribeFailed(_logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private void OnSignal(RedisChannel channel, RedisValue value)
    {
        QueueUpdateSignal? signal;
        try
        {
            signal = JsonSerializer.Deserialize(((byte[]?)value) ?? [], RealtimeJson.Default.QueueUpdateSignal);
        }
        catch (JsonException)
        {
            signal = null;
        }

        if (signal is null || signal.Origin == _connection.InstanceId)
        {
            return; // malformed, or ours (pushed locally when published)
        }

        Push(signal);
    }

    // One push per event at a time; an update arriving meanwhile is pushed right after (only the newest).
    private void Push(QueueUpdateSignal signal)
    {
        var state = _pushes.GetOrAdd(signal.EventId, static _ => new PushState());
        lock (state)
        {
            state.Next = signal;
            if (state.Running)
            {
                return;
            }

            state.Running = true;
        }

        _ = RunAsync(signal.EventId, state);
    }

    private async Task RunAsync(Guid eventId, PushState state)
    {
        while (true)
        {
            QueueUpdateSignal? signal;
            lock (state)
            {
                signal = state.Next;
                state.Next = null;
                if (signal is null)
                {
                    state.Running = false;
                    return;
                }
            }

            try
            {
                await PushLocalAsync(signal).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogPushFailed(_logger, ex, eventId);
            }
        }
    }

    private async Task PushLocalAsync(QueueUpdateSignal signal)
    {
        var members = _server.Root.LocalMembers(RealtimeRooms.Queue(signal.EventId));
        if (members.Count == 0)
        {
            return;
        }

        var users = new List<Guid>(members.Count);
        var seen = new HashSet<Guid>();
        foreach (var member in members)
        {
            if (member.Data is RealtimeUser user && seen.Add(user.UserId))
            {
                users.Add(user.UserId);
            }
        }

        // Size and positions from one atomic read, so a socket never sees a position after an admission next to a
        // queue size from before it (the signal's size may be older than this push).
        var queueSize = signal.QueueSize;
        var positionOf = new Dictionary<Guid, long>(users.Count);
        try
        {
            var snapshot = await _positions.GetAsync(signal.EventId, users).ConfigureAwait(false);
            queueSize = snapshot.QueueSize;
            for (var i = 0; i < users.Count; i++)
            {
                positionOf[users[i]] = snapshot.Positions[i];
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPositionsUnavailable(_logger, ex.Message); // everyone still gets the contract's payload
        }

        var plain = new QueueUpdatedPayload(queueSize, signal.Timestamp);
        var shared = PacketEncoder.Event(_server.Root.Name, "queue-updated", -1, new TypedArg<QueueUpdatedPayload>(plain, RealtimeJson.Default.QueueUpdatedPayload), []);
        try
        {
            foreach (var member in members)
            {
                if (member.Data is RealtimeUser user && positionOf.TryGetValue(user.UserId, out var position) && position > 0)
                {
                    var own = plain with { Position = position, EstimatedWait = WaitingRoomEta.Seconds(position, signal.AdmissionsPerSecond) };
                    member.Emit("queue-updated", own, RealtimeJson.Default.QueueUpdatedPayload);
                }
                else
                {
                    member.SendShared(shared); // the contract's payload, encoded once for every such socket
                }
            }
        }
        finally
        {
            shared.Release();
        }
    }

    private sealed class PushState
    {
        public QueueUpdateSignal? Next { get; set; }

        public bool Running { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue update signal not published: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue update channel unsubscribe failed: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue positions unavailable ({Reason}); pushing the queue size only")]
    private static partial void LogPositionsUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pushing queue positions for event {EventId} failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, Guid eventId);
}
