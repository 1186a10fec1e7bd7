namespace Tiketi.Edge.Cluster;

/// <summary>One decoded <see cref="RelayEnvelope"/>: who sent it, where it goes and the encoded packet.</summary>
/// <param name="Origin">The publishing instance.</param>
/// <param name="Namespace">The Socket.IO namespace.</param>
/// <param name="Rooms">Target rooms (every socket of the namespace when empty).</param>
/// <param name="ExceptRooms">Rooms whose members are left out.</param>
/// <param name="Text">The Socket.IO text packet (without Engine.IO's <c>4</c>).</param>
/// <param name="Attachments">Binary attachments, in order.</param>
public readonly record struct RelayedBroadcast(
    Guid Origin,
    string Namespace,
    string[] Rooms,
    string[] ExceptRooms,
    ReadOnlyMemory<byte> Text,
    ReadOnlyMemory<byte>[] Attachments);
