using System.Buffers;
using System.Text;
using System.Text.Json;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.UnitTests.SocketIO;

public class SocketIoPacketParserTests
{
    private static SocketIoParseError Parse(string text, out SocketIoPacket packet) =>
        SocketIoPacketParser.TryParse(Encoding.UTF8.GetBytes(text), out packet);

    [Fact]
    public void Connect_to_the_main_namespace_without_payload()
    {
        Assert.Equal(SocketIoParseError.None, Parse("0", out var packet));
        Assert.Equal(SocketIoPacketType.Connect, packet.Type);
        Assert.Equal("/", packet.Namespace);
        Assert.Equal(-1, packet.AckId);
        Assert.Equal(JsonValueKind.Undefined, packet.Data.ValueKind);
    }

    [Fact]
    public void Connect_with_namespace_and_auth_payload()
    {
        Assert.Equal(SocketIoParseError.None, Parse("0/admin,{\"token\":\"123\"}", out var packet));
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal("123", packet.Data.GetProperty("token").GetString());
    }

    [Theory]
    [InlineData("0/custom")]
    [InlineData("0/custom,")]
    public void Namespace_ends_at_a_comma_or_at_the_end(string text)
    {
        Assert.Equal(SocketIoParseError.None, Parse(text, out var packet));
        Assert.Equal("/custom", packet.Namespace);
        Assert.Equal(JsonValueKind.Undefined, packet.Data.ValueKind);
    }

    [Fact]
    public void Disconnect_of_a_namespace()
    {
        Assert.Equal(SocketIoParseError.None, Parse("1/admin,", out var packet));
        Assert.Equal(SocketIoPacketType.Disconnect, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
    }

    [Fact]
    public void Event_with_ack_id_and_namespace()
    {
        Assert.Equal(SocketIoParseError.None, Parse("2/admin,12[\"foo\",1,{\"a\":[true]}]", out var packet));
        Assert.Equal(SocketIoPacketType.Event, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(12, packet.AckId);
        Assert.Equal(3, packet.Data.GetArrayLength());
        Assert.True(packet.IsEvent);
    }

    [Fact]
    public void Ack_packet()
    {
        Assert.Equal(SocketIoParseError.None, Parse("3456[1,\"2\"]", out var packet));
        Assert.Equal(SocketIoPacketType.Ack, packet.Type);
        Assert.Equal(456, packet.AckId);
        Assert.True(packet.IsAck);
    }

    [Fact]
    public void Connect_error_packet()
    {
        Assert.Equal(SocketIoParseError.None, Parse("4{\"message\":\"no\"}", out var packet));
        Assert.Equal(SocketIoPacketType.ConnectError, packet.Type);
    }

    [Fact]
    public void Binary_event_announces_its_attachments()
    {
        Assert.Equal(SocketIoParseError.None, Parse("52-/admin,7[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", out var packet));
        Assert.Equal(SocketIoPacketType.BinaryEvent, packet.Type);
        Assert.Equal(2, packet.AttachmentCount);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(7, packet.AckId);
    }

    [Fact]
    public void Binary_ack_announces_its_attachments()
    {
        Assert.Equal(SocketIoParseError.None, Parse("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", out var packet));
        Assert.Equal(SocketIoPacketType.BinaryAck, packet.Type);
        Assert.Equal(1, packet.AttachmentCount);
        Assert.Equal(15, packet.AckId);
    }

    [Fact]
    public void Payload_survives_the_input_buffer()
    {
        var bytes = Encoding.UTF8.GetBytes("2[\"foo\",\"bar\"]");
        SocketIoPacketParser.TryParse(bytes, out var packet);
        Array.Clear(bytes);
        Assert.Equal("bar", packet.Data[1].GetString());
    }

    [Fact]
    public void Packet_split_across_segments_parses_like_a_contiguous_one()
    {
        var first = new Segment(Encoding.UTF8.GetBytes("2/adm"));
        var last = first.Append(Encoding.UTF8.GetBytes("in,3[\"x\"]"));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.Equal(SocketIoParseError.None, SocketIoPacketParser.TryParse(sequence, out var packet));
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(3, packet.AckId);
    }

    [Theory]
    [InlineData("", SocketIoParseError.Empty)]
    [InlineData("abc", SocketIoParseError.UnknownType)]
    [InlineData("7[\"a\"]", SocketIoParseError.UnknownType)]
    [InlineData("2{}", SocketIoParseError.BadPayload)]
    [InlineData("2[]", SocketIoParseError.BadPayload)]
    [InlineData("2[1]", SocketIoParseError.BadPayload)]
    [InlineData("2", SocketIoParseError.BadPayload)]
    [InlineData("2\"message\"", SocketIoParseError.BadPayload)]
    [InlineData("2abc[\"message\"]", SocketIoParseError.BadJson)]
    [InlineData("2[\"message\"", SocketIoParseError.BadJson)]
    [InlineData("2[\"message\"]x", SocketIoParseError.BadJson)]
    [InlineData("2[\"message\"][]", SocketIoParseError.BadJson)]
    [InlineData("212345678901234567[\"a\"]", SocketIoParseError.BadAckId)]
    [InlineData("29007199254740992[\"a\"]", SocketIoParseError.BadAckId)]
    [InlineData("3[1]", SocketIoParseError.BadAckId)]
    [InlineData("312{}", SocketIoParseError.BadPayload)]
    [InlineData("012{}", SocketIoParseError.BadAckId)]
    [InlineData("0\"token\"", SocketIoParseError.BadPayload)]
    [InlineData("0[]", SocketIoParseError.BadPayload)]
    [InlineData("1{}", SocketIoParseError.BadPayload)]
    [InlineData("4[]", SocketIoParseError.BadPayload)]
    [InlineData("5[\"a\"]", SocketIoParseError.BadAttachmentCount)]
    [InlineData("5-[\"a\"]", SocketIoParseError.BadAttachmentCount)]
    [InlineData("51[\"a\"]", SocketIoParseError.BadAttachmentCount)]
    [InlineData("5x-[\"a\"]", SocketIoParseError.BadAttachmentCount)]
    [InlineData("565-[\"a\"]", SocketIoParseError.BadAttachmentCount)]
    [InlineData("599999-[\"a\"]", SocketIoParseError.BadAttachmentCount)]
    [InlineData("61-[\"a\"]", SocketIoParseError.BadAckId)]
    [InlineData("2[\"connect\"]", SocketIoParseError.ReservedEventName)]
    [InlineData("2[\"connect_error\"]", SocketIoParseError.ReservedEventName)]
    [InlineData("2[\"disconnect\"]", SocketIoParseError.ReservedEventName)]
    [InlineData("2[\"disconnecting\"]", SocketIoParseError.ReservedEventName)]
    [InlineData("2[\"newListener\"]", SocketIoParseError.ReservedEventName)]
    [InlineData("2[\"removeListener\"]", SocketIoParseError.ReservedEventName)]
    public void Malformed_packets_are_refused_with_their_reason(string text, SocketIoParseError expected)
    {
        Assert.Equal(expected, Parse(text, out _));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(byte[] data)
        {
            var next = new Segment(data) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
