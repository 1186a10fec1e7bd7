namespace Tiketi.Edge.SocketIO;

/// <summary>
/// The one seam every broadcast goes through. It receives the packet already encoded (bytes, not
/// objects) with its addressing, delivers it to this instance's members through the bound
/// <see cref="ILocalBroadcastDelivery"/> and, in a cluster relay, publishes the same bytes once so
/// other instances deliver them to their own members. The in-memory relay only delivers locally.
/// </summary>
public interface IBroadcastRelay
{
    /// <summary>Called once by the server that owns this relay, before any broadcast.</summary>
    void Bind(ILocalBroadcastDelivery local);

    /// <summary>
    /// Broadcasts <paramref name="packet"/> in namespace <paramref name="nsp"/> to the members of
    /// <paramref name="rooms"/> (every socket of the namespace when empty) that are in none of
    /// <paramref name="exceptRooms"/>. The caller keeps its reference and releases it after this
    /// returns: a relay that needs the packet later takes its own references (AddRef) or copies
    /// the bytes (<see cref="EncodedPacket.Text"/>.Packet and each attachment's Packet).
    /// </summary>
    void Broadcast(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet);
}
