using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>Arguments that are already JSON values (e.g. echoed from a client); written compactly, key order kept.</summary>
public readonly ref struct ElementArgs(ReadOnlySpan<JsonElement> args) : IPacketArgs
{
    private readonly ReadOnlySpan<JsonElement> _args = args;

    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        foreach (var arg in _args)
        {
            arg.WriteTo(writer);
        }
    }
}
