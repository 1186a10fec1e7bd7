namespace Tiketi.Edge.SocketIO;

/// <summary>What a relay needs from this instance: deliver an encoded packet to local members, and local room sizes.</summary>
public interface ILocalBroadcastDelivery
{
    /// <summary>
    /// Sends <paramref name="packet"/> to every local socket of <paramref name="nsp"/> that is in one of
    /// <paramref name="rooms"/> (all when empty) and in none of <paramref name="exceptRooms"/>, once each.
    /// Each connection takes its own reference; the caller keeps and releases its own. Broadcasts
    /// to one busy room may be combined with those that follow and sent at the end of a short
    /// window (see <see cref="SocketIoServerOptions.BroadcastWindow"/>), in order.
    /// </summary>
    void DeliverLocal(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet);

    /// <summary>Members of <paramref name="room"/> in namespace <paramref name="nsp"/> on this instance.</summary>
    int LocalRoomSize(string nsp, string room);
}
