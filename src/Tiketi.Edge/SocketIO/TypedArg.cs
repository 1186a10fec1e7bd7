using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tiketi.Edge.SocketIO;

/// <summary>One argument serialized straight into the packet with source-generated metadata (no intermediate JSON).</summary>
public readonly struct TypedArg<T>(T value, JsonTypeInfo<T> typeInfo) : IPacketArgs
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer) => JsonSerializer.Serialize(writer, value, typeInfo);
}
