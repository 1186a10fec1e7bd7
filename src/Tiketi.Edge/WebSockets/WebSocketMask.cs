using System.Numerics;
using System.Runtime.InteropServices;

namespace Tiketi.Edge.WebSockets;

/// <summary>XOR (un)masking of client frame payloads (RFC 6455 §5.3), in place.</summary>
public static class WebSocketMask
{
    /// <summary>
    /// Applies <paramref name="mask"/> to <paramref name="data"/> in place, starting at byte
    /// <paramref name="maskOffset"/> of the 4-byte key; returns the key offset for the next span.
    /// </summary>
    public static int Apply(Span<byte> data, uint mask, int maskOffset)
    {
        // Rotate the key so byte 0 of data lines up with key byte maskOffset; then whole
        // vectors/words can be XORed with a repeated key (the key is little-endian in memory).
        var rotated = BitOperations.RotateRight(mask, (maskOffset & 3) * 8);
        var i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var key = new Vector<uint>(rotated).As<uint, byte>();
            var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] ^= key;
            }

            i = vectors.Length * Vector<byte>.Count;
        }

        var words = MemoryMarshal.Cast<byte, uint>(data[i..]);
        for (var w = 0; w < words.Length; w++)
        {
            words[w] ^= rotated;
        }

        i += words.Length * 4;
        for (; i < data.Length; i++)
        {
            data[i] ^= (byte)(rotated >> ((i & 3) * 8));
        }

        return (maskOffset + data.Length) & 3;
    }
}
