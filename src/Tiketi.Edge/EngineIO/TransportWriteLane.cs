using System.Collections.Concurrent;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// Runs WebSocket drains in batches: connections with something to write queue here, and one
/// thread-pool item writes a bounded turn of them, then yields its thread and queues itself
/// again if more wait. A broadcast to thousands of sockets thus adds a handful of thread-pool
/// items instead of thousands, so HTTP requests queued meanwhile wait for one turn at most;
/// and a connection that is already queued collects further messages for the same write.
/// </summary>
internal sealed class TransportWriteLane : IThreadPoolWorkItem
{
    // Enough work per turn to amortise the hop, little enough (~0.5 ms) to keep requests moving.
    private const int DrainsPerTurn = 256;

    private static readonly TransportWriteLane[] Lanes = CreateLanes();
    private static int s_next;

    private readonly ConcurrentQueue<WebSocketTransport> _ready = new();
    private int _queued;

    /// <summary>A lane for a new connection (round robin, so lanes share the load).</summary>
    public static TransportWriteLane Next() => Lanes[(int)((uint)Interlocked.Increment(ref s_next) % (uint)Lanes.Length)];

    /// <summary>Queues the transport's drain (the transport makes sure it is queued once at a time).</summary>
    public void Schedule(WebSocketTransport transport)
    {
        _ready.Enqueue(transport);
        if (Interlocked.Exchange(ref _queued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        for (var i = 0; i < DrainsPerTurn && _ready.TryDequeue(out var transport); i++)
        {
            transport.RunDrain();
        }

        // Clear the flag, then look again, so a Schedule racing with the end of the turn is never lost.
        Volatile.Write(ref _queued, 0);
        if (!_ready.IsEmpty && Interlocked.Exchange(ref _queued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private static TransportWriteLane[] CreateLanes()
    {
        var lanes = new TransportWriteLane[Math.Max(1, Environment.ProcessorCount)];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new TransportWriteLane();
        }

        return lanes;
    }
}
