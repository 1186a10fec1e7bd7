using System.Buffers;
using System.Buffers.Text;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// The HTTP long-polling payload of Engine.IO v4: packets joined by the record separator
/// <c>\x1e</c>, binary messages as <c>b</c> + base64. Pure: bytes in, packets out.
/// </summary>
public static class PollingPayload
{
    /// <summary>The record separator between packets.</summary>
    public const byte Separator = 0x1E;

    /// <summary>Takes the next packet's bytes off <paramref name="remaining"/>; false when nothing is left.</summary>
    public static bool TryReadNext(ref Memory<byte> remaining, out Memory<byte> record)
    {
        if (remaining.IsEmpty)
        {
            record = default;
            return false;
        }

        var end = remaining.Span.IndexOf(Separator);
        if (end < 0)
        {
            record = remaining;
            remaining = default;
        }
        else
        {
            record = remaining[..end];
            remaining = remaining[(end + 1)..];
        }

        return true;
    }

    /// <summary>
    /// Decodes one record. A <c>b</c> record is base64-decoded in place (no copy), so the
    /// packet's data aliases <paramref name="record"/>. False on an unknown type or bad base64.
    /// </summary>
    public static bool TryDecode(Memory<byte> record, out EnginePacket packet)
    {
        if (!record.IsEmpty && record.Span[0] == (byte)'b')
        {
            var base64 = record[1..];
            if (Base64.DecodeFromUtf8InPlace(base64.Span, out var written) != OperationStatus.Done)
            {
                packet = default;
                return false;
            }

            packet = EnginePacket.Binary(new ReadOnlySequence<byte>(base64[..written]));
            return true;
        }

        return EnginePacket.TryParseText(new ReadOnlySequence<byte>(record), out packet);
    }

    /// <summary>Appends a message packet (text as is, binary as <c>b</c>+base64).</summary>
    public static void WriteMessage(IBufferWriter<byte> output, OutboundMessage message)
    {
        var packet = message.Packet.Span;
        if (!message.IsBinary)
        {
            output.Write(packet);
            return;
        }

        var length = 1 + Base64.GetMaxEncodedToUtf8Length(packet.Length);
        var span = output.GetSpan(length);
        span[0] = (byte)'b';
        Base64.EncodeToUtf8(packet, span[1..], out _, out var written);
        output.Advance(1 + written);
    }

    /// <summary>Appends a packet that is only a type digit plus optional ASCII data (ping, noop, close...).</summary>
    public static void WritePacket(IBufferWriter<byte> output, EnginePacketType type, ReadOnlySpan<byte> data = default)
    {
        var span = output.GetSpan(1 + data.Length);
        span[0] = (byte)type;
        data.CopyTo(span[1..]);
        output.Advance(1 + data.Length);
    }

    /// <summary>Appends the separator.</summary>
    public static void WriteSeparator(IBufferWriter<byte> output)
    {
        output.GetSpan(1)[0] = Separator;
        output.Advance(1);
    }
}
