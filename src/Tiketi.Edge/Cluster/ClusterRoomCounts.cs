using System.Collections.Concurrent;
using StackExchange.Redis;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Cluster;

/// <summary>
/// Cluster-wide member counts of the rooms the application asks about (e.g. <c>event:{id}</c> for
/// <c>room-info</c>). Each instance writes only its own local counts, into its own Redis hash
/// that expires unless a heartbeat renews it; a count is the sum over live instances. A crashed
/// instance therefore stops counting within <see cref="ClusterOptions.InstanceTtl"/>, and one
/// that shuts down cleanly removes its hash at once. Without Redis, counts are local.
/// </summary>
public sealed partial class ClusterRoomCounts : BackgroundService
{
    private static readonly string RoomCountScript = LoadScript("RoomCount.lua");
    private static readonly string HeartbeatScript = LoadScript("InstanceHeartbeat.lua");

    private readonly ClusterConnection _connection;
    private readonly SocketIoNamespace _namespace;
    private readonly ILogger<ClusterRoomCounts> _logger;
    private readonly ConcurrentDictionary<string, byte> _tracked = new(StringComparer.Ordinal);
    private readonly RedisKey[] _keys;
    private readonly RedisValue _instance;
    private readonly RedisValue _ttl;
    private readonly RedisValue _hashPrefix;
    private int _failureLogged;

    public ClusterRoomCounts(ClusterConnection connection, SocketIoServer server, ILogger<ClusterRoomCounts> logger)
    {
        _connection = connection;
        _namespace = server.Root;
        _logger = logger;
        var options = connection.Options;
        _keys = [options.InstancesKey, options.RoomCountsKey(connection.InstanceId)];
        _instance = connection.InstanceId.ToString("N");
        _ttl = (long)options.InstanceTtl.TotalMilliseconds;
        _hashPrefix = options.RoomCountsKeyPrefix;
    }

    /// <summary>
    /// Publishes this instance's current member count of <paramref name="room"/> (main namespace)
    /// and returns the cluster-wide count; the local count when Redis is unreachable.
    /// </summary>
    public async ValueTask<long> RefreshAsync(string room)
    {
        _tracked.TryAdd(room, 0);
        var local = _namespace.LocalRoomSize(room);
        if (!_connection.IsConnected)
        {
            return local;
        }

        try
        {
            var result = await _connection.Multiplexer.GetDatabase()
                .ScriptEvaluateAsync(RoomCountScript, _keys, [_instance, room, local, _ttl, _hashPrefix]).ConfigureAwait(false);
            Interlocked.Exchange(ref _failureLogged, 0);
            return Math.Max((long)result, local);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                LogCountFailed(_logger, ex.Message);
            }

            return local;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_connection.Options.HeartbeatInterval);
        do
        {
            await HeartbeatAsync().ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (!_connection.IsConnected)
        {
            return;
        }

        try
        {
            // A clean shutdown leaves no counts behind (a crash is covered by the TTL).
            var database = _connection.Multiplexer.GetDatabase();
            await Task.WhenAll(
                database.KeyDeleteAsync(_keys[1]),
                database.SortedSetRemoveAsync(_keys[0], _instance)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogCountFailed(_logger, ex.Message);
        }
    }

    private static async ValueTask<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task HeartbeatAsync()
    {
        if (!_connection.IsConnected)
        {
            return;
        }

        var values = new List<RedisValue>(2 + (_tracked.Count * 2)) { _instance, _ttl };
        foreach (var room in _tracked.Keys)
        {
            var local = _namespace.LocalRoomSize(room);
            if (local > 0)
            {
                values.Add(room);
                values.Add(local);
            }
            else
            {
                _tracked.TryRemove(room, out _);
            }
        }

        try
        {
            await _connection.Multiplexer.GetDatabase().ScriptEvaluateAsync(HeartbeatScript, _keys, [.. values]).ConfigureAwait(false);
            Interlocked.Exchange(ref _failureLogged, 0);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                LogCountFailed(_logger, ex.Message);
            }
        }
    }

    private static string LoadScript(string fileName)
    {
        var assembly = typeof(ClusterRoomCounts).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(name => name.EndsWith("." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster room counts unavailable ({Reason}); using local counts until Redis answers")]
    private static partial void LogCountFailed(ILogger logger, string reason);
}
