using System.Text;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.UnitTests.WebSockets;

public class Utf8StreamValidatorTests
{
    [Theory]
    [InlineData("plain ascii")]
    [InlineData("한국어 좌석 예매")]
    [InlineData("emoji 🎟️ and € signs")]
    public void Valid_text_is_accepted_whatever_the_split(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split = 0; split <= bytes.Length; split++)
        {
            for (var second = split; second <= bytes.Length; second++)
            {
                var validator = default(Utf8StreamValidator);
                Assert.True(validator.Append(bytes.AsSpan(0, split)));
                Assert.True(validator.Append(bytes.AsSpan(split, second - split)));
                Assert.True(validator.Append(bytes.AsSpan(second)));
                Assert.True(validator.IsComplete);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })]             // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]       // surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x80 })]                   // lone continuation
    public void Invalid_sequences_are_rejected_when_split_byte_by_byte(byte[] bytes)
    {
        var validator = default(Utf8StreamValidator);
        var ok = true;
        foreach (var b in bytes)
        {
            ok &= validator.Append([b]);
        }

        Assert.False(ok && validator.IsComplete);
    }

    [Fact]
    public void Truncated_sequence_is_not_complete()
    {
        var validator = default(Utf8StreamValidator);
        Assert.True(validator.Append([0xF0, 0x9F]));
        Assert.False(validator.IsComplete);
    }
}
