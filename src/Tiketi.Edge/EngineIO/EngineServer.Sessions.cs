using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Tiketi.Edge.EngineIO;

/// <summary>Session lifecycle callbacks and the shared heartbeat scan.</summary>
public sealed partial class EngineServer
{
    // One scan for all sessions instead of a timer per socket; fine-grained enough that a
    // ping is never more than 1/8 of the shorter interval late.
    private TimeSpan HeartbeatTick => TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(Options.PingInterval, Options.PingTimeout) / 8, 5, 500));

    /// <summary>Raised with the sid when a GET starts waiting (lets tests order requests without sleeping).</summary>
    internal event Action<string>? PollPending;

    internal void OnPollPending(EngineSession session) => PollPending?.Invoke(session.Id);

    internal void Remove(EngineSession session, string reason)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session)))
        {
            Interlocked.Decrement(ref _sessionCount);
            EngineMetrics.SessionsClosed.Add(1);
            Log.SessionClosed(Logger, session.Id, reason);
        }
    }

    internal void NotifyOpen(EngineSession session)
    {
        try
        {
            _handler.OnOpen(session);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Logger, session.Id, ex);
            session.Close("server error", WebSocketCloseStatus.InternalServerError, PollAnswer.Close);
        }
    }

    internal void NotifyClosed(EngineSession session, string reason)
    {
        try
        {
            _handler.OnClose(session, reason);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Logger, session.Id, ex);
        }
    }

    /// <summary>Hands a message to the handler; a handler failure closes the session. Completes when the handler has.</summary>
    internal ValueTask DeliverAsync(EngineSession session, ReadOnlySequence<byte> payload, bool isBinary)
    {
        try
        {
            var delivery = _handler.OnMessageAsync(session, payload, isBinary);
            if (!delivery.IsCompleted)
            {
                return AwaitDeliveryAsync(session, delivery);
            }

            delivery.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            OnHandlerFailed(session, ex);
        }

        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitDeliveryAsync(EngineSession session, ValueTask delivery)
    {
        try
        {
            await delivery;
        }
        catch (Exception ex)
        {
            OnHandlerFailed(session, ex);
        }
    }

    private void OnHandlerFailed(EngineSession session, Exception ex)
    {
        Log.HandlerFailed(Logger, session.Id, ex);
        session.Close("server error", WebSocketCloseStatus.InternalServerError, PollAnswer.Close);
    }

    internal void OnSlowConsumer(EngineSession session)
    {
        Interlocked.Increment(ref _slowConsumerCloses);
        EngineMetrics.SlowConsumerCloses.Add(1);
        Log.SlowConsumer(Logger, session.Id, Options.OutboundQueueLimit);
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatTick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Now;
                foreach (var pair in _sessions)
                {
                    try
                    {
                        pair.Value.Heartbeat(now);
                    }
                    catch (Exception ex)
                    {
                        Log.HeartbeatFailed(Logger, pair.Key, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutdown
        }
    }
}
