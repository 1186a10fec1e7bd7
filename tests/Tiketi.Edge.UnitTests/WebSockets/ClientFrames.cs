using System.Buffers;
using System.Buffers.Binary;

namespace Tiketi.Edge.UnitTests.WebSockets;

/// <summary>Builds client-to-server frames byte by byte, independently of the code under test.</summary>
internal static class ClientFrames
{
    public static readonly byte[] Key = [0x37, 0xFA, 0x21, 0x3D];

    public static byte[] Build(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, int rsv = 0, byte[]? key = null)
    {
        key ??= Key;
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode) };
        var maskBit = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            header.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add((byte)(maskBit | 126));
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }

        if (masked)
        {
            header.AddRange(key);
        }

        var frame = new byte[header.Count + payload.Length];
        header.CopyTo(frame);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header.Count + i] = masked ? (byte)(payload[i] ^ key[i % 4]) : payload[i];
        }

        return frame;
    }

    public static byte[] Text(string text, bool fin = true) => Build(1, System.Text.Encoding.UTF8.GetBytes(text), fin);

    /// <summary>A sequence made of the given pieces as separate segments.</summary>
    public static ReadOnlySequence<byte> Segmented(params byte[][] pieces)
    {
        if (pieces.Length == 1)
        {
            return new ReadOnlySequence<byte>(pieces[0]);
        }

        var first = new Segment(pieces[0], 0);
        var last = first;
        for (var i = 1; i < pieces.Length; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> into segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int size) =>
        Segmented(bytes.Chunk(size).Select(c => c.ToArray()).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
