using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Coalesces the text broadcasts to one large room. A broadcast after a quiet window goes out at
/// once, on the caller's thread; broadcasts that follow within the window wait for its end and
/// then go out together as one combined message (their frames back to back). Every member then
/// costs one queue entry and one socket write per window instead of one per broadcast — at a
/// busy on-sale that is the difference between a core spent in send() and one spent on work.
/// Order is kept: everything for the room goes out under this batch's lock, in arrival order.
/// </summary>
internal sealed class RoomBroadcastBatch : IDisposable
{
    private readonly SocketIoNamespace _namespace;
    private readonly string _room;
    private readonly TimeProvider _time;
    private readonly long _windowTicks;
    private readonly Lock _lock = new();
    private readonly List<OutboundMessage> _pending = [];
    private readonly ITimer _timer;
    private long _windowEndsAt;
    private bool _timerArmed;
    private bool _retired;

    public RoomBroadcastBatch(SocketIoNamespace ns, string room, TimeSpan window, TimeProvider time)
    {
        _namespace = ns;
        _room = room;
        _time = time;
        _windowTicks = (long)(window.TotalSeconds * time.TimestampFrequency);
        _timer = time.CreateTimer(static state => ((RoomBroadcastBatch)state!).OnWindowEnd(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Delivers <paramref name="packet"/> now or at the end of the current window; the caller keeps its reference.</summary>
    public void Deliver(in EncodedPacket packet)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (packet.Attachments.Length > 0)
            {
                // Binary packets are not combined; what waits goes first so the order holds.
                FlushPending(now);
                _namespace.DeliverToRoom(_room, packet);
                return;
            }

            if (_retired || (_pending.Count == 0 && now >= _windowEndsAt))
            {
                _windowEndsAt = now + _windowTicks;
                _namespace.DeliverToRoom(_room, packet);
                return;
            }

            packet.Text.AddRef();
            _pending.Add(packet.Text);
            if (!_timerArmed)
            {
                _timerArmed = true;
                var due = Math.Max(0, _windowEndsAt - now);
                _timer.Change(TimeSpan.FromSeconds((double)due / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The room emptied: sends what waits (to whoever is left) and stops batching.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _retired = true;
            FlushPending(_time.GetTimestamp());
        }

        _timer.Dispose();
    }

    private void OnWindowEnd()
    {
        try
        {
            lock (_lock)
            {
                _timerArmed = false;
                FlushPending(_time.GetTimestamp());
            }
        }
        catch (Exception ex)
        {
            // A timer callback must never throw (it would take the process down).
            SocketIoServer.Log.BatchDeliveryFailed(_namespace.Server.Logger, ex, _room);
        }
    }

    private void FlushPending(long now)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        _windowEndsAt = now + _windowTicks;
        var message = _pending.Count == 1 ? _pending[0] : Combine(_pending);
        _pending.Clear();
        var packet = new EncodedPacket(message);
        try
        {
            _namespace.DeliverToRoom(_room, packet);
        }
        finally
        {
            packet.Release();
        }
    }

    private static OutboundMessage Combine(List<OutboundMessage> parts)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parts);
        var combined = OutboundMessage.Combine(span);
        foreach (var part in span)
        {
            part.Release();
        }

        return combined;
    }
}
