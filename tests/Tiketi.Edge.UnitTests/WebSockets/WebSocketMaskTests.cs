using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.UnitTests.WebSockets;

public class WebSocketMaskTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(3, 1)]
    [InlineData(31, 2)]
    [InlineData(64, 3)]
    [InlineData(1001, 1)]
    public void Vectorized_xor_matches_the_byte_by_byte_definition(int length, int offset)
    {
        byte[] key = [0x11, 0x5A, 0xC3, 0xFE];
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();
        var expected = data.Select((b, i) => (byte)(b ^ key[(i + offset) % 4])).ToArray();

        var next = WebSocketMask.Apply(data, BitConverter.ToUInt32(key), offset);

        Assert.Equal(expected, data);
        Assert.Equal((offset + length) % 4, next);
    }
}
