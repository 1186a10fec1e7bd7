using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.UnitTests.WebSockets;

public class WebSocketFrameReaderTests
{
    private static (WebSocketFrame Frame, SequencePosition Consumed) ParseOne(WebSocketFrameReader reader, ReadOnlySequence<byte> input)
    {
        var consumed = input.Start;
        var examined = input.Start;
        Assert.True(reader.TryParseMessage(input, ref consumed, ref examined, out var frame));
        Assert.Equal(consumed, examined);
        return (frame, consumed);
    }

    private static List<WebSocketFrame> ParseAll(WebSocketFrameReader reader, ReadOnlySequence<byte> input, out string[] payloads)
    {
        var frames = new List<WebSocketFrame>();
        var texts = new List<string>();
        var consumed = input.Start;
        var examined = input.Start;
        var rest = input;
        while (reader.TryParseMessage(rest, ref consumed, ref examined, out var frame))
        {
            frames.Add(frame);
            texts.Add(Encoding.UTF8.GetString(frame.Payload.ToArray()));
            rest = input.Slice(consumed);
        }

        Assert.True(rest.IsEmpty);
        payloads = [.. texts];
        return frames;
    }

    private static WebSocketProtocolException Rejects(WebSocketFrameReader reader, params byte[][] frames)
    {
        var input = new ReadOnlySequence<byte>(frames.SelectMany(f => f).ToArray());
        return Assert.Throws<WebSocketProtocolException>(() => ParseAll(reader, input, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(200_000)]
    public void Parses_and_unmasks_all_three_length_encodings(int length)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var bytes = ClientFrames.Build(2, payload);
        var reader = new WebSocketFrameReader(1_000_000);

        var (frame, consumed) = ParseOne(reader, new ReadOnlySequence<byte>(bytes));

        Assert.Equal(WebSocketOpcode.Binary, frame.Opcode);
        Assert.True(frame.IsFinal);
        Assert.Equal(payload, frame.Payload.ToArray());
        Assert.Equal(bytes.Length, new ReadOnlySequence<byte>(bytes).Slice(0, consumed).Length);
    }

    [Fact]
    public void Unmasks_a_payload_split_over_many_segments()
    {
        var payload = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var bytes = ClientFrames.Build(2, payload);
        var reader = new WebSocketFrameReader(1_000_000);

        var (frame, _) = ParseOne(reader, ClientFrames.Chunked(bytes, 7));

        Assert.Equal(payload, frame.Payload.ToArray());
    }

    [Fact]
    public void Partial_input_asks_for_more_without_consuming()
    {
        var bytes = ClientFrames.Build(1, Encoding.UTF8.GetBytes(new string('a', 300)));
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new WebSocketFrameReader(1_000_000);
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            var consumed = input.Start;
            var examined = input.Start;

            Assert.False(reader.TryParseMessage(input, ref consumed, ref examined, out _));
            Assert.Equal(input.Start, consumed);
            Assert.Equal(input.End, examined);
        }
    }

    [Fact]
    public void Several_frames_in_one_buffer_are_parsed_in_order()
    {
        var input = new ReadOnlySequence<byte>([.. ClientFrames.Text("4one"), .. ClientFrames.Text("4two"), .. ClientFrames.Text("4three")]);

        ParseAll(new WebSocketFrameReader(1000), input, out var payloads);

        Assert.Equal(["4one", "4two", "4three"], payloads);
    }

    [Fact]
    public void Fragmented_message_with_a_control_frame_between_fragments()
    {
        var reader = new WebSocketFrameReader(1000);
        var input = new ReadOnlySequence<byte>([
            .. ClientFrames.Text("4he", fin: false),
            .. ClientFrames.Build(9, "ping"u8),
            .. ClientFrames.Build(0, "ll"u8, fin: false),
            .. ClientFrames.Build(0, "o"u8, fin: true),
        ]);

        var frames = ParseAll(reader, input, out var payloads);

        Assert.Equal([WebSocketOpcode.Text, WebSocketOpcode.Ping, WebSocketOpcode.Continuation, WebSocketOpcode.Continuation], frames.Select(f => f.Opcode));
        Assert.Equal([false, true, false, true], frames.Select(f => f.IsFinal));
        Assert.Equal(["4he", "ping", "ll", "o"], payloads);
        Assert.Equal(WebSocketOpcode.Text, reader.CurrentMessageOpcode);
        Assert.False(reader.InFragmentedMessage);
    }

    [Fact]
    public void Multibyte_character_split_across_fragments_is_valid()
    {
        var euro = Encoding.UTF8.GetBytes("4€"); // '4', E2 82 AC
        var input = new ReadOnlySequence<byte>([
            .. ClientFrames.Build(1, euro.AsSpan(0, 2), fin: false),
            .. ClientFrames.Build(0, euro.AsSpan(2, 1), fin: false),
            .. ClientFrames.Build(0, euro.AsSpan(3, 1), fin: true),
        ]);

        var frames = ParseAll(new WebSocketFrameReader(1000), input, out _);

        Assert.Equal(3, frames.Count);
    }

    [Fact]
    public void Invalid_utf8_in_a_text_frame_closes_with_1007()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(1, [(byte)'4', 0xC3, 0x28]));
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ex.CloseStatus);
    }

    [Fact]
    public void Invalid_utf8_split_across_fragments_closes_with_1007()
    {
        // E2 82 then 28: the continuation byte is missing in the second fragment.
        var ex = Rejects(
            new WebSocketFrameReader(1000),
            ClientFrames.Build(1, [(byte)'4', 0xE2, 0x82], fin: false),
            ClientFrames.Build(0, [0x28], fin: true));
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ex.CloseStatus);
    }

    [Fact]
    public void Text_message_ending_inside_a_character_closes_with_1007()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(1, [(byte)'4', 0xE2, 0x82]));
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ex.CloseStatus);
    }

    [Fact]
    public void Binary_frames_are_not_utf8_checked()
    {
        var frames = ParseAll(new WebSocketFrameReader(1000), new ReadOnlySequence<byte>(ClientFrames.Build(2, [0xFF, 0xC3, 0x28])), out _);
        Assert.Single(frames);
    }

    [Fact]
    public void Unmasked_client_frame_closes_with_1002()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(1, "4hi"u8, masked: false));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Reserved_bits_close_with_1002(int rsv)
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(1, "4hi"u8, rsv: rsv));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(0xB)]
    [InlineData(0xF)]
    public void Unknown_opcode_closes_with_1002(int opcode)
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(opcode, "x"u8));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void Control_frame_over_125_bytes_closes_with_1002()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(9, new byte[126]));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void Fragmented_control_frame_closes_with_1002()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(9, "p"u8, fin: false));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void Continuation_without_a_started_message_closes_with_1002()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(0, "x"u8));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void New_data_frame_inside_a_fragmented_message_closes_with_1002()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Text("4a", fin: false), ClientFrames.Text("4b"));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void Oversized_frame_is_rejected_with_1009_from_its_header_alone()
    {
        var bytes = ClientFrames.Build(2, new byte[2000]);
        var reader = new WebSocketFrameReader(1000);
        var input = new ReadOnlySequence<byte>(bytes, 0, 8); // header + mask only
        var consumed = input.Start;
        var examined = input.Start;

        var ex = Assert.Throws<WebSocketProtocolException>(() => reader.TryParseMessage(input, ref consumed, ref examined, out _));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ex.CloseStatus);
    }

    [Fact]
    public void Oversized_fragmented_message_is_rejected_with_1009()
    {
        var ex = Rejects(
            new WebSocketFrameReader(1000),
            ClientFrames.Build(2, new byte[600], fin: false),
            ClientFrames.Build(0, new byte[600], fin: true));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ex.CloseStatus);
    }

    [Fact]
    public void Message_of_exactly_the_limit_is_accepted()
    {
        var frames = ParseAll(new WebSocketFrameReader(1000), new ReadOnlySequence<byte>(ClientFrames.Build(2, new byte[1000])), out _);
        Assert.Single(frames);
    }

    [Fact]
    public void Length_with_the_most_significant_bit_set_closes_with_1002()
    {
        byte[] bytes = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4];
        var ex = Rejects(new WebSocketFrameReader(long.MaxValue), bytes);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void Close_frame_status_is_read()
    {
        var (frame, _) = ParseOne(new WebSocketFrameReader(1000), new ReadOnlySequence<byte>(ClientFrames.Build(8, [0x03, 0xE8, (byte)'o', (byte)'k'])));
        Assert.Equal(WebSocketOpcode.Close, frame.Opcode);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, WebSocketFrameReader.ReadCloseStatus(frame.Payload));
    }

    [Theory]
    [InlineData(new byte[] { 0x03 })]             // 1-byte payload
    [InlineData(new byte[] { 0x03, 0xED })]       // 1005 may not be sent
    [InlineData(new byte[] { 0x03, 0xEE })]       // 1006 may not be sent
    [InlineData(new byte[] { 0x00, 0x10 })]       // 16: below the valid range
    public void Invalid_close_payload_closes_with_1002(byte[] payload)
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(8, payload));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, ex.CloseStatus);
    }

    [Fact]
    public void Close_reason_that_is_not_utf8_closes_with_1007()
    {
        var ex = Rejects(new WebSocketFrameReader(1000), ClientFrames.Build(8, [0x03, 0xE8, 0xFF]));
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ex.CloseStatus);
    }
}
