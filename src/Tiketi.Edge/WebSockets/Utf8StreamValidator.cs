using System.Text.Unicode;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// Validates UTF-8 that arrives in pieces (fragments, buffer segments): a code point split
/// across pieces is carried over (at most 3 bytes) and checked once complete.
/// </summary>
public struct Utf8StreamValidator
{
    private uint _pending;     // up to 3 carried bytes, first byte lowest
    private int _pendingLength;
    private int _needed;       // total length of the carried sequence

    /// <summary>True when no partial code point is carried over.</summary>
    public readonly bool IsComplete => _pendingLength == 0;

    /// <summary>Forgets any carried bytes (start of a new message).</summary>
    public void Reset() => this = default;

    /// <summary>Checks the next piece; false as soon as the bytes cannot be valid UTF-8.</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (_pendingLength > 0)
        {
            Span<byte> sequence = stackalloc byte[4];
            for (var i = 0; i < _pendingLength; i++)
            {
                sequence[i] = (byte)(_pending >> (8 * i));
            }

            var length = _pendingLength;
            while (length < _needed && !data.IsEmpty)
            {
                if ((data[0] & 0xC0) != 0x80)
                {
                    return false;
                }

                sequence[length++] = data[0];
                data = data[1..];
            }

            if (length < _needed)
            {
                Carry(sequence[..length], _needed);
                return true;
            }

            if (!Utf8.IsValid(sequence[..length]))
            {
                return false;
            }

            _pendingLength = 0;
        }

        var tail = IncompleteTail(data, out var needed);
        if (!Utf8.IsValid(data[..^tail]))
        {
            return false;
        }

        if (tail > 0)
        {
            Carry(data[^tail..], needed);
        }

        return true;
    }

    private void Carry(ReadOnlySpan<byte> bytes, int needed)
    {
        _pending = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            _pending |= (uint)bytes[i] << (8 * i);
        }

        _pendingLength = bytes.Length;
        _needed = needed;
    }

    // Length of a trailing lead byte plus its continuation bytes when the sequence it starts is longer than what is there.
    private static int IncompleteTail(ReadOnlySpan<byte> data, out int needed)
    {
        needed = 0;
        for (var back = 1; back <= 3 && back <= data.Length; back++)
        {
            var b = data[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }
}
