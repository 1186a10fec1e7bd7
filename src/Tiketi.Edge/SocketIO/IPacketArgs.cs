using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Writes the arguments of an EVENT or ACK as JSON array items (the brackets are the writer's).
/// Implemented by small structs so an emit builds no closure and boxes nothing.
/// </summary>
public interface IPacketArgs
{
    /// <summary>Writes every argument, in order, as array items.</summary>
    void WriteTo(Utf8JsonWriter writer);
}
