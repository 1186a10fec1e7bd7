using System.Text.Encodings.Web;
using System.Text.Json;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Turns packets into <see cref="EncodedPacket"/>s through a per-thread scratch buffer and JSON
/// writer, so encoding allocates nothing but the shared outbound messages themselves.
/// </summary>
internal static class PacketEncoder
{
    // Like JSON.stringify: no HTML-safety escaping, non-ASCII text (Korean) stays readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static Scratch? t_scratch;

    public static EncodedPacket Connect(string nsp, string sid)
    {
        var scratch = Rent();
        SocketIoPacketWriter.WriteConnect(scratch.Buffer, scratch.Json, nsp, sid);
        return Complete(scratch, default);
    }

    public static EncodedPacket ConnectError(string nsp, string message, JsonElement data)
    {
        var scratch = Rent();
        SocketIoPacketWriter.WriteConnectError(scratch.Buffer, scratch.Json, nsp, message, data);
        return Complete(scratch, default);
    }

    public static EncodedPacket Disconnect(string nsp)
    {
        var scratch = Rent();
        SocketIoPacketWriter.WriteDisconnect(scratch.Buffer, nsp);
        return Complete(scratch, default);
    }

    public static EncodedPacket Event<TArgs>(string nsp, string eventName, long ackId, scoped in TArgs args, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
        where TArgs : IPacketArgs, allows ref struct
    {
        var scratch = Rent();
        try
        {
            SocketIoPacketWriter.WriteEvent(scratch.Buffer, scratch.Json, nsp, eventName, ackId, attachments.Length, args);
        }
        catch
        {
            Return(scratch);
            throw;
        }

        return Complete(scratch, attachments);
    }

    public static EncodedPacket Ack<TArgs>(string nsp, long ackId, scoped in TArgs args, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
        where TArgs : IPacketArgs, allows ref struct
    {
        var scratch = Rent();
        try
        {
            SocketIoPacketWriter.WriteAck(scratch.Buffer, scratch.Json, nsp, ackId, attachments.Length, args);
        }
        catch
        {
            Return(scratch);
            throw;
        }

        return Complete(scratch, attachments);
    }

    private static Scratch Rent()
    {
        // Taken out of the slot while in use: an app serializer re-entering on this thread gets its own.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        return scratch;
    }

    private static void Return(Scratch scratch)
    {
        scratch.Buffer.Reset();
        t_scratch = scratch;
    }

    private static EncodedPacket Complete(Scratch scratch, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        var text = OutboundMessage.CreateText(scratch.Buffer.WrittenSpan);
        Return(scratch);
        if (attachments.IsEmpty)
        {
            return new EncodedPacket(text);
        }

        var binary = new OutboundMessage[attachments.Length];
        for (var i = 0; i < binary.Length; i++)
        {
            binary[i] = OutboundMessage.CreateBinary(attachments[i].Span);
        }

        return new EncodedPacket(text, binary);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its thread; holds only a pooled array.")]
    private sealed class Scratch
    {
        public readonly PooledBufferWriter Buffer = new();
        public readonly Utf8JsonWriter Json;

        public Scratch() => Json = new Utf8JsonWriter(Buffer, WriterOptions);
    }
}
