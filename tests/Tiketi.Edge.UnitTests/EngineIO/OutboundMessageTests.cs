using System.Text;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class OutboundMessageTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(124, 2)]
    [InlineData(125, 4)]
    [InlineData(65534, 4)]
    [InlineData(65535, 10)]
    [InlineData(70000, 10)]
    public void Text_message_is_framed_once_with_the_shortest_length_encoding(int bodyLength, int expectedHeader)
    {
        var body = Encoding.UTF8.GetBytes(new string('x', bodyLength));
        var message = OutboundMessage.CreateText(body);

        var frame = message.WebSocketFrame.Span;
        Assert.Equal(expectedHeader + 1 + bodyLength, frame.Length);
        Assert.Equal(0x81, frame[0]); // FIN + text, never masked
        Assert.Equal(0, frame[1] & 0x80);
        Assert.Equal((byte)'4', frame[expectedHeader]);
        Assert.True(frame[(expectedHeader + 1)..].SequenceEqual(body));
        Assert.Equal("4" + new string('x', bodyLength), Encoding.UTF8.GetString(message.Packet.Span));
        message.Release();
    }

    [Fact]
    public void Binary_message_has_binary_opcode_and_no_type_byte()
    {
        var message = OutboundMessage.CreateBinary([1, 2, 3]);
        Assert.Equal(new byte[] { 0x82, 3, 1, 2, 3 }, message.WebSocketFrame.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Packet.ToArray());
        message.Release();
    }

    [Fact]
    public void Released_message_refuses_new_references()
    {
        var message = OutboundMessage.CreateText("x"u8);
        message.AddRef();
        message.Release();
        message.Release();
        Assert.Throws<ObjectDisposedException>(() => message.AddRef());
    }

    [Fact]
    public void Combined_messages_are_their_frames_back_to_back_and_their_packets_joined_for_polling()
    {
        var a = OutboundMessage.CreateText("2[\"a\"]"u8);
        var b = OutboundMessage.CreateText(Encoding.UTF8.GetBytes("2[\"" + new string('b', 200) + "\"]"));
        var combined = OutboundMessage.Combine([a, b]);

        Assert.Equal(2, combined.Count);
        Assert.False(combined.IsBinary);
        Assert.Equal([.. a.WebSocketFrame.ToArray(), .. b.WebSocketFrame.ToArray()], combined.WebSocketFrame.ToArray());
        Assert.Equal("42[\"a\"]\u001e42[\"" + new string('b', 200) + "\"]", Encoding.UTF8.GetString(combined.Packet.Span));

        // The parts keep their own references: releasing them leaves the combined bytes intact.
        var frames = combined.WebSocketFrame.ToArray();
        a.Release();
        b.Release();
        Assert.Equal(frames, combined.WebSocketFrame.ToArray());
        combined.Release();
    }

    [Fact]
    public void Binary_messages_are_never_combined()
    {
        var text = OutboundMessage.CreateText("x"u8);
        var binary = OutboundMessage.CreateBinary([1]);
        Assert.Throws<ArgumentException>(() => OutboundMessage.Combine([text, binary]));
        text.Release();
        binary.Release();
    }
}
