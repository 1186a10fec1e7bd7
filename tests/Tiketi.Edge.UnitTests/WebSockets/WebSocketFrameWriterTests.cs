using System.Buffers;
using System.Net.WebSockets;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.UnitTests.WebSockets;

public class WebSocketFrameWriterTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x81, 0 })]
    [InlineData(125, new byte[] { 0x81, 125 })]
    [InlineData(126, new byte[] { 0x81, 126, 0, 126 })]
    [InlineData(65535, new byte[] { 0x81, 126, 0xFF, 0xFF })]
    [InlineData(65536, new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Header_uses_the_shortest_length_form_and_no_mask(long length, byte[] expected)
    {
        var header = new byte[WebSocketFrameWriter.MaxHeaderLength];
        var written = WebSocketFrameWriter.WriteHeader(header, WebSocketOpcode.Text, length);
        Assert.Equal(expected, header[..written]);
    }

    [Fact]
    public void Close_frame_carries_the_status_code_big_endian()
    {
        var output = new ArrayBufferWriter<byte>();
        WebSocketFrameWriter.WriteClose(output, WebSocketCloseStatus.MessageTooBig);
        Assert.Equal(new byte[] { 0x88, 2, 0x03, 0xF1 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Server_frames_parse_back_once_masked_like_a_client_would()
    {
        var frame = WebSocketFrameWriter.CreateTextFrame("4hello"u8);
        Assert.Equal(new byte[] { 0x81, 6, (byte)'4', (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, frame);
        var clientFrame = ClientFrames.Build(frame[0] & 0x0F, frame.AsSpan(2));
        var reader = new WebSocketFrameReader(100);
        var input = new ReadOnlySequence<byte>(clientFrame);
        var consumed = input.Start;
        var examined = input.Start;
        Assert.True(reader.TryParseMessage(input, ref consumed, ref examined, out var parsed));
        Assert.Equal("4hello"u8.ToArray(), parsed.Payload.ToArray());
    }
}
