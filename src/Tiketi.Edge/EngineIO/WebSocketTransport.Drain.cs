using System.Buffers;
using System.Net.WebSockets;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>The write side: one drain at a time, all pending frames per flush.</summary>
internal sealed partial class WebSocketTransport
{
    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                var step = WritePending();
                if (step == DrainStep.Complete)
                {
                    if (_ownsPipes)
                    {
                        await _writer.CompleteAsync();
                    }
                    _writerDone.TrySetResult();
                    return;
                }

                if (step != DrainStep.Idle)
                {
                    var flush = await _writer.FlushAsync();
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        throw new IOException("The connection stopped accepting writes.");
                    }

                    continue;
                }

                // Idle: clear the flag, then look again so a concurrent ScheduleDrain is never lost.
                Volatile.Write(ref _scheduled, 0);
                if (!HasPendingWork() || Interlocked.Exchange(ref _scheduled, 1) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            Log.WriteFailed(Logger, _session?.Id, ex);
            lock (_lock)
            {
                _writerCompleted = true;
            }

            _writerDone.TrySetResult();
            _reader.CancelPendingRead();
            _session?.Close("transport error", WebSocketCloseStatus.NormalClosure, PollAnswer.Close);
        }
    }

    private enum DrainStep
    {
        Idle,
        Wrote,
        Complete,
    }

    private DrainStep WritePending()
    {
        var wrote = false;
        bool closing;
        lock (_lock)
        {
            if (_writerCompleted)
            {
                return DrainStep.Idle;
            }

            while (_control.TryDequeue(out var frame))
            {
                _writer.Write(frame);
                wrote = true;
            }

            closing = _closeStatus is not null;
            if (closing && !_closeWritten)
            {
                WebSocketFrameWriter.WriteClose(_writer, _closeStatus!.Value);
                _closeWritten = true;
                return DrainStep.Wrote;
            }

            if (_readDone && !wrote)
            {
                _writerCompleted = true;
                return DrainStep.Complete;
            }
        }

        // Once a close frame is due nothing else may follow it; the session dropped its queue.
        if (!closing && _session is { } session && session.TakeBatch() is { } batch)
        {
            WriteBatch(batch);
            session.ReturnBatch(batch);
            wrote = true;
        }

        return wrote ? DrainStep.Wrote : DrainStep.Idle;
    }

    private void WriteBatch(Queue<OutboundItem> batch)
    {
        try
        {
            foreach (var item in batch)
            {
                if (item.Message is { } message)
                {
                    _writer.Write(message.WebSocketFrame.Span);
                }
                else
                {
                    _writer.Write(EngineFrames.For(item.Packet));
                }
            }
        }
        finally
        {
            // The bytes are copied into the pipe: the connection's references can go.
            foreach (var item in batch)
            {
                item.Message?.Release();
            }
        }
    }

    private bool HasPendingWork()
    {
        lock (_lock)
        {
            if (_writerCompleted)
            {
                return false;
            }

            if (_control.Count > 0 || _readDone || (_closeStatus is not null && !_closeWritten))
            {
                return true;
            }

            if (_closeStatus is not null)
            {
                return false;
            }
        }

        return _session?.HasQueued == true;
    }

    // Whatever happens to the close handshake, the read side gives up after the timeout.
    // The timer is cancelled once reading is done, so a closed connection is not kept alive by it.
    private void StartCloseHandshakeTimer()
    {
        var timer = new CancellationTokenSource();
        lock (_lock)
        {
            if (_readDone)
            {
                timer.Dispose();
                return;
            }

            _closeHandshakeTimer = timer;
        }

        _ = CancelReadAfterAsync(timer.Token);

        async Task CancelReadAfterAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(_server.Options.CloseHandshakeTimeout, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!Volatile.Read(ref _readDone))
            {
                _reader.CancelPendingRead();
            }
        }
    }

    private void StopCloseHandshakeTimer()
    {
        CancellationTokenSource? timer;
        lock (_lock)
        {
            timer = _closeHandshakeTimer;
            _closeHandshakeTimer = null;
        }

        if (timer is not null)
        {
            timer.Cancel();
            timer.Dispose();
        }
    }
}
