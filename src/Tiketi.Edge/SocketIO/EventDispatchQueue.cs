namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Runs one socket's event handlers one after another, in arrival order: a handler that awaits
/// (a Redis call, say) delays only the later events of the same socket. Acknowledgements never
/// queue here, so a handler may await the client's ack. The backlog is bounded; a client that
/// outruns its handlers by more than <see cref="MaxBacklog"/> events is disconnected.
/// </summary>
internal sealed class EventDispatchQueue(SocketIoSocket socket, ILogger logger)
{
    /// <summary>Events one socket may have waiting behind a running handler.</summary>
    public const int MaxBacklog = 256;

    private readonly object _gate = new();
    private Queue<Work>? _backlog;
    private bool _running;

    /// <summary>Runs the handler now, or after the ones before it; false when the backlog is full.</summary>
    public bool Dispatch(SocketIoEventHandler handler, SocketIoMessage message, SocketIoAck? ack)
    {
        var work = new Work(handler, message, ack);
        lock (_gate)
        {
            if (_running)
            {
                _backlog ??= new Queue<Work>();
                if (_backlog.Count >= MaxBacklog)
                {
                    return false;
                }

                _backlog.Enqueue(work);
                return true;
            }

            _running = true;
        }

        Run(work);
        return true;
    }

    private void Run(Work work)
    {
        while (true)
        {
            ValueTask running;
            try
            {
                running = work.Handler(socket, work.Message, work.Ack);
            }
            catch (Exception ex)
            {
                SocketIoServer.Log.HandlerFailed(logger, ex, work.Message.EventName!, socket.Namespace.Name);
                running = default;
            }

            if (!running.IsCompleted)
            {
                _ = ContinueAfterAsync(running, work.Message.EventName!);
                return;
            }

            Observe(running, work.Message.EventName!);
            if (!TryTakeNext(out work))
            {
                return;
            }
        }
    }

    private async Task ContinueAfterAsync(ValueTask running, string eventName)
    {
        try
        {
            await running;
        }
        catch (Exception ex)
        {
            SocketIoServer.Log.HandlerFailed(logger, ex, eventName, socket.Namespace.Name);
        }

        if (TryTakeNext(out var next))
        {
            Run(next);
        }
    }

    private void Observe(ValueTask completed, string eventName)
    {
        try
        {
            completed.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            SocketIoServer.Log.HandlerFailed(logger, ex, eventName, socket.Namespace.Name);
        }
    }

    private bool TryTakeNext(out Work next)
    {
        lock (_gate)
        {
            if (_backlog is { Count: > 0 })
            {
                next = _backlog.Dequeue();
                return true;
            }

            _running = false;
            next = default;
            return false;
        }
    }

    private readonly record struct Work(SocketIoEventHandler Handler, SocketIoMessage Message, SocketIoAck? Ack);
}
