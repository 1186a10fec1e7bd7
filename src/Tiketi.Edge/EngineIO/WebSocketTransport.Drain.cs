using System.Buffers;
using System.Net.WebSockets;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>The write side: one drain at a time, all pending frames per flush.</summary>
internal sealed partial class WebSocketTransport
{
    // Who may write (_drainState bits). Exactly one drain runs at a time: whoever set Running.
    private const int Running = 1;      // a drain is queued on the lane or running (lane or read loop)
    private const int ReplyWindow = 2;  // the read loop is dispatching: it writes its own replies, and others' afterwards
    private const int Owed = 4;         // another thread's work arrived during the window: the read loop drains it

    private int _drainState;
    private int _windowThread;          // the thread dispatching while ReplyWindow is set
    private bool _unflushed;            // bytes were put in the pipe outside a drain (the 101 and the open packet)

    /// <summary>
    /// Makes sure pending writes get drained: a reply the read loop's own dispatch produced is written right away
    /// on that thread (as the reference server does: a CONNECT ack leaves before the app's connection handlers
    /// run); other threads' writes wait for the end of the dispatch if one is running, else go to the lane.
    /// </summary>
    public void ScheduleDrain()
    {
        while (true)
        {
            var state = Volatile.Read(ref _drainState);
            if ((state & Running) != 0)
            {
                return; // the running drain looks again before it stops
            }

            if ((state & ReplyWindow) != 0)
            {
                if (Volatile.Read(ref _windowThread) == Environment.CurrentManagedThreadId)
                {
                    if (Interlocked.CompareExchange(ref _drainState, (state & ~Owed) | Running, state) == state)
                    {
                        _ = DrainAsync(); // synchronous unless the socket pushes back
                        return;
                    }
                }
                else if ((state & Owed) != 0 || Interlocked.CompareExchange(ref _drainState, state | Owed, state) == state)
                {
                    return;
                }
            }
            else if ((state & Owed) != 0)
            {
                return;
            }
            else if (Interlocked.CompareExchange(ref _drainState, state | Running, state) == state)
            {
                _lane.Schedule(this);
                return;
            }
        }
    }

    /// <summary>Called by the lane: writes what is pending (synchronously unless the socket pushes back).</summary>
    internal void RunDrain() => _ = DrainAsync();

    // Before anything runs: this thread owns the writer, and the first drain flushes what is already in the pipe.
    private void OwnWritesUntilFlushed()
    {
        _windowThread = Environment.CurrentManagedThreadId;
        _drainState = ReplyWindow | Owed;
        _unflushed = true;
    }

    private void OpenReplyWindow()
    {
        Volatile.Write(ref _windowThread, Environment.CurrentManagedThreadId);
        Interlocked.Or(ref _drainState, ReplyWindow);
    }

    // Closes the window; true when work was owed, which the caller now owns (Running) and must drain.
    private bool EndReplyWindow()
    {
        while (true)
        {
            var state = Volatile.Read(ref _drainState);
            if ((state & ReplyWindow) == 0)
            {
                return false;
            }

            var owed = (state & Owed) != 0;
            var next = (state & ~(ReplyWindow | Owed)) | (owed ? Running : 0);
            if (Interlocked.CompareExchange(ref _drainState, next, state) == state)
            {
                return owed;
            }
        }
    }

    // Drains what the window collected (other threads' writes), here and now. The read loop does not wait for a flush the socket pushes
    // back on: that drain then finishes by itself (as a lane drain would), and reading goes on meanwhile.
    private void FlushReplies()
    {
        if (EndReplyWindow())
        {
            _ = DrainAsync();
        }
    }

    // Takes the drain for this thread; false when another drain runs or the read loop will run it.
    private bool TryClaimDrain()
    {
        while (true)
        {
            var state = Volatile.Read(ref _drainState);
            if ((state & (Running | Owed)) != 0)
            {
                return false;
            }

            var next = (state & ReplyWindow) != 0 ? state | Owed : state | Running;
            if (Interlocked.CompareExchange(ref _drainState, next, state) == state)
            {
                return (next & Running) != 0;
            }
        }
    }

    // The caller holds Running.
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

                    SignalWriterFinished();
                    return; // Running stays set: nothing is written after this
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

                // Idle: let go, then look again so a concurrent ScheduleDrain is never lost.
                Interlocked.And(ref _drainState, ~Running);
                if (!HasPendingWork() || !TryClaimDrain())
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

            SignalWriterFinished();
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
        var wrote = _unflushed;
        _unflushed = false;
        bool closing;
        lock (_lock)
        {
            if (_writerCompleted)
            {
                return DrainStep.Idle;
            }

            if (_control is not null)
            {
                while (_control.TryDequeue(out var frame))
                {
                    _writer.Write(frame);
                    wrote = true;
                }
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

            if (_control is { Count: > 0 } || _readDone || (_closeStatus is not null && !_closeWritten))
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
}
