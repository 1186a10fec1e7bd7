using System.Buffers.Binary;
using System.Text;

namespace Tiketi.Edge.Cluster;

/// <summary>
/// The bytes one broadcast travels in between instances (a pure codec: values in, bytes out and back).
/// Layout, all integers big-endian:
/// <c>version:u8 | origin:16 bytes | nsp:str | rooms:u16 count, str* | except:u16 count, str* |
/// text:u32 length, bytes | attachments:u16 count, (u32 length, bytes)*</c>, where <c>str</c> is a
/// u16 byte length and UTF-8. The text is the Socket.IO packet (without Engine.IO's <c>4</c>), the
/// attachments are the raw binary messages; the receiver re-frames them once for all its members.
/// </summary>
public static class RelayEnvelope
{
    /// <summary>The only format version written and accepted.</summary>
    public const byte Version = 1;

    /// <summary>Encodes one broadcast into a new array (the one allocation per broadcast the publish needs).</summary>
    public static byte[] Write(Guid origin, string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, ReadOnlySpan<byte> text, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        var size = 1 + 16 + StringSize(nsp) + 2 + 2 + 4 + text.Length + 2;
        foreach (var room in rooms)
        {
            size += StringSize(room);
        }

        foreach (var room in exceptRooms)
        {
            size += StringSize(room);
        }

        foreach (var attachment in attachments)
        {
            size += 4 + attachment.Length;
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        origin.TryWriteBytes(span.Slice(1, 16));
        var offset = 17;
        offset += WriteString(span[offset..], nsp);
        offset += WriteList(span[offset..], rooms);
        offset += WriteList(span[offset..], exceptRooms);
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)text.Length);
        offset += 4;
        text.CopyTo(span[offset..]);
        offset += text.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], checked((ushort)attachments.Length));
        offset += 2;
        foreach (var attachment in attachments)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)attachment.Length);
            offset += 4;
            attachment.Span.CopyTo(span[offset..]);
            offset += attachment.Length;
        }

        return buffer;
    }

    /// <summary>Reads only the origin; false when the bytes are not a version-1 envelope.</summary>
    public static bool TryReadOrigin(ReadOnlySpan<byte> data, out Guid origin)
    {
        if (data.Length < 17 || data[0] != Version)
        {
            origin = default;
            return false;
        }

        origin = new Guid(data.Slice(1, 16));
        return true;
    }

    /// <summary>Decodes a whole envelope; false (and no exception) for anything malformed or truncated.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> data, out RelayedBroadcast broadcast)
    {
        broadcast = default;
        var span = data.Span;
        if (!TryReadOrigin(span, out var origin))
        {
            return false;
        }

        var offset = 17;
        if (!TryReadString(span, ref offset, out var nsp)
            || !TryReadList(span, ref offset, out var rooms)
            || !TryReadList(span, ref offset, out var except)
            || !TryReadBlock(data, ref offset, out var text)
            || offset + 2 > span.Length)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
        offset += 2;
        var attachments = count == 0 ? [] : new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadBlock(data, ref offset, out attachments[i]))
            {
                return false;
            }
        }

        if (offset != span.Length)
        {
            return false;
        }

        broadcast = new RelayedBroadcast(origin, nsp, rooms, except, text, attachments);
        return true;
    }

    private static int StringSize(string value) => 2 + Encoding.UTF8.GetByteCount(value);

    private static int WriteString(Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, checked((ushort)written));
        return 2 + written;
    }

    private static int WriteList(Span<byte> destination, ReadOnlySpan<string> values)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, checked((ushort)values.Length));
        var offset = 2;
        foreach (var value in values)
        {
            offset += WriteString(destination[offset..], value);
        }

        return offset;
    }

    private static bool TryReadString(ReadOnlySpan<byte> span, ref int offset, out string value)
    {
        value = string.Empty;
        if (offset + 2 > span.Length)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
        offset += 2;
        if (offset + length > span.Length)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(span.Slice(offset, length));
        offset += length;
        return true;
    }

    private static bool TryReadList(ReadOnlySpan<byte> span, ref int offset, out string[] values)
    {
        values = [];
        if (offset + 2 > span.Length)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
        offset += 2;
        if (count == 0)
        {
            return true;
        }

        values = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadString(span, ref offset, out values[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadBlock(ReadOnlyMemory<byte> data, ref int offset, out ReadOnlyMemory<byte> block)
    {
        block = default;
        var span = data.Span;
        if (offset + 4 > span.Length)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
        offset += 4;
        if (length > (uint)(span.Length - offset))
        {
            return false;
        }

        block = data.Slice(offset, (int)length);
        offset += (int)length;
        return true;
    }
}
