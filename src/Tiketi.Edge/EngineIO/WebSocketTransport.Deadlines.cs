using System.Net.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// The timeouts of one connection (upgrade, close handshake, last writes), one at a time, on the shared
/// <see cref="DeadlineSweep"/> instead of a timer each.
/// </summary>
internal sealed partial class WebSocketTransport
{
    private enum Deadline
    {
        None,
        Upgrade,         // a probing WebSocket must send "5" in time
        CloseHandshake,  // the read side gives up waiting for the client's close frame
        Writer,          // the last writes (the close frame) must reach the socket
    }

    void IDeadlineOwner.OnDeadline()
    {
        Deadline due;
        lock (_lock)
        {
            due = _deadline;
            if (due == Deadline.None)
            {
                return;
            }

            var left = _deadlineAt - Environment.TickCount64;
            if (left > 0)
            {
                // A newer deadline replaced the one that fired (the sweep was already on its way): wait for it.
                DeadlineSweep.Shared.Register(this, TimeSpan.FromMilliseconds(left));
                return;
            }

            _deadline = Deadline.None;
        }

        switch (due)
        {
            case Deadline.Upgrade:
                OnUpgradeTimeout();
                break;
            case Deadline.CloseHandshake:
                if (!Volatile.Read(ref _readDone))
                {
                    _reader.CancelPendingRead();
                }

                break;
            case Deadline.Writer:
                // The peer stopped reading: drop the TCP connection so its buffers go too.
                Log.WriterStuck(Logger, _session?.Id);
                _connection.Abort();
                SignalWriterFinished();
                break;
        }
    }

    // Called under _lock. One deadline at a time; a later one replaces the earlier.
    private void SetDeadline(Deadline deadline, int milliseconds)
    {
        _deadline = deadline;
        _deadlineAt = Environment.TickCount64 + milliseconds;
        DeadlineSweep.Shared.Register(this, TimeSpan.FromMilliseconds(milliseconds));
    }

    // Called under _lock.
    private void ClearDeadline()
    {
        if (_deadline != Deadline.None)
        {
            _deadline = Deadline.None;
            DeadlineSweep.Shared.Unregister(this);
        }
    }

    private void OnUpgradeTimeout()
    {
        if (_session is null && !Volatile.Read(ref _readDone))
        {
            // Give the session back to polling before the client hears about the failure.
            Log.UpgradeTimedOut(Logger);
            _probing?.AbandonProbe(this);
            BeginClose(WebSocketCloseStatus.NormalClosure);
        }
    }
}
