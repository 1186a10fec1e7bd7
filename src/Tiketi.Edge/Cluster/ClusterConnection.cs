using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tiketi.Core;
using Tiketi.Core.Redis;

namespace Tiketi.Edge.Cluster;

/// <summary>
/// The cluster layer's own Redis connection (publish, subscribe, room counts), apart from the
/// command traffic of Core so a relay storm never queues behind seat holds and vice versa. It
/// never fails at startup when Redis is down: it reconnects with exponential backoff and logs
/// each loss and recovery. <see cref="InstanceId"/> names this process in the cluster.
/// </summary>
public sealed partial class ClusterConnection : IAsyncDisposable
{
    private readonly ILogger<ClusterConnection> _logger;
    private int _connected;

    public ClusterConnection(TiketiSettings settings, IOptions<ClusterOptions> options, ILogger<ClusterConnection> logger)
    {
        _logger = logger;
        Options = options.Value;
        var configuration = RedisUrl.ToConfigurationOptions(settings.RedisUrl);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName = "tiketi-cluster-" + InstanceId.ToString("N")[..8];
        configuration.ReconnectRetryPolicy = new ExponentialRetry(
            (int)Options.ReconnectDelay.TotalMilliseconds, (int)Options.MaxReconnectDelay.TotalMilliseconds);
        Multiplexer = ConnectionMultiplexer.Connect(configuration);
        Multiplexer.ConnectionFailed += OnConnectionFailed;
        Multiplexer.ConnectionRestored += OnConnectionRestored;
        _connected = Multiplexer.IsConnected ? 1 : 0;
        if (_connected == 0)
        {
            LogUnavailableAtStart(_logger);
        }
    }

    /// <summary>This process's id in the cluster (fresh per start, so a restarted instance never inherits stale counts).</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>The cluster settings.</summary>
    public ClusterOptions Options { get; }

    /// <summary>The underlying multiplexer.</summary>
    public ConnectionMultiplexer Multiplexer { get; }

    /// <summary>Whether commands can be sent now; when false, callers skip Redis instead of queueing.</summary>
    public bool IsConnected => Multiplexer.IsConnected;

    /// <summary>Raised (on a thread-pool thread) after the connection came back, so state can be rewritten.</summary>
    public event Action? Restored;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Multiplexer.ConnectionFailed -= OnConnectionFailed;
        Multiplexer.ConnectionRestored -= OnConnectionRestored;
        await Multiplexer.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
        Multiplexer.Dispose();
    }

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="channel"/>, retrying with backoff while Redis is
    /// unreachable; completes once subscribed or when <paramref name="cancellationToken"/> fires. StackExchange.Redis
    /// re-subscribes by itself after a reconnect, so this only covers a first attempt made while Redis was down.
    /// </summary>
    public async Task SubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken)
    {
        var subscriber = Multiplexer.GetSubscriber();
        var delay = Options.ReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
                LogSubscribed(_logger, channel.ToString(), InstanceId);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeFailed(_logger, channel.ToString(), ex.Message, delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (Interlocked.Exchange(ref _connected, 0) == 1)
        {
            LogLost(_logger, e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception?.Message);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Interlocked.Exchange(ref _connected, 1) == 0)
        {
            LogRestored(_logger, e.ConnectionType.ToString());
        }

        Restored?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster subscribed to {Channel} as instance {InstanceId}")]
    private static partial void LogSubscribed(ILogger logger, string channel, Guid instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster subscribe to {Channel} failed ({Reason}); retrying in {DelayMs} ms")]
    private static partial void LogSubscribeFailed(ILogger logger, string channel, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster Redis unavailable at startup; broadcasts stay local until it connects (retrying with backoff)")]
    private static partial void LogUnavailableAtStart(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster Redis connection lost ({ConnectionType}, {FailureType}: {Reason}); broadcasts stay local while reconnecting with backoff")]
    private static partial void LogLost(ILogger logger, string connectionType, string failureType, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster Redis connection restored ({ConnectionType})")]
    private static partial void LogRestored(ILogger logger, string connectionType);
}
