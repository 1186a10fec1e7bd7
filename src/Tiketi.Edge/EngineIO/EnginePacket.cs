using System.Buffers;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// One decoded Engine.IO packet: its type and body. A binary WebSocket frame is a message
/// whose body is the raw bytes; a text packet's body is what follows the type digit.
/// </summary>
public readonly struct EnginePacket
{
    public EnginePacket(EnginePacketType type, ReadOnlySequence<byte> data, bool isBinary)
    {
        Type = type;
        Data = data;
        IsBinary = isBinary;
    }

    public EnginePacketType Type { get; }

    /// <summary>The body (UTF-8 text after the type digit, or binary bytes).</summary>
    public ReadOnlySequence<byte> Data { get; }

    public bool IsBinary { get; }

    /// <summary>A binary WebSocket frame: always a message packet with raw data.</summary>
    public static EnginePacket Binary(in ReadOnlySequence<byte> data) => new(EnginePacketType.Message, data, isBinary: true);

    /// <summary>
    /// Decodes a text packet (<c>&lt;type digit&gt;[data]</c>). False for an empty packet or an
    /// unknown type — a parse error that closes the session.
    /// </summary>
    public static bool TryParseText(in ReadOnlySequence<byte> text, out EnginePacket packet)
    {
        packet = default;
        if (text.IsEmpty)
        {
            return false;
        }

        var type = text.FirstSpan[0];
        if (type is < (byte)EnginePacketType.Open or > (byte)EnginePacketType.Noop)
        {
            return false;
        }

        packet = new EnginePacket((EnginePacketType)type, text.Slice(1), isBinary: false);
        return true;
    }

    /// <summary>True when the body equals <paramref name="value"/> (e.g. "probe").</summary>
    public bool DataEquals(ReadOnlySpan<byte> value)
    {
        if (Data.Length != value.Length)
        {
            return false;
        }

        if (Data.IsSingleSegment)
        {
            return Data.FirstSpan.SequenceEqual(value);
        }

        Span<byte> copy = stackalloc byte[value.Length];
        Data.CopyTo(copy);
        return copy.SequenceEqual(value);
    }
}
