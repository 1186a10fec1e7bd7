namespace Tiketi.Edge.SocketIO;

/// <summary>Single-instance relay: every broadcast is delivered to local members only.</summary>
public sealed class InMemoryBroadcastRelay : IBroadcastRelay
{
    private ILocalBroadcastDelivery? _local;

    /// <inheritdoc />
    public void Bind(ILocalBroadcastDelivery local)
    {
        if (Interlocked.CompareExchange(ref _local, local, null) is not null)
        {
            throw new InvalidOperationException("This relay is already bound to a server.");
        }
    }

    /// <inheritdoc />
    public void Broadcast(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
    {
        var local = _local ?? throw new InvalidOperationException("The relay is not bound to a server.");
        local.DeliverLocal(nsp, rooms, exceptRooms, packet);
    }
}
