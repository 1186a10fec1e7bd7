using System.Buffers;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// Collects the fragments of one fragmented message in a pooled array, returned to the pool
/// as soon as the message is delivered, so idle connections hold nothing.
/// </summary>
public sealed class WebSocketMessageBuffer
{
    private byte[]? _buffer;
    private int _length;

    /// <summary>True while fragments are being collected.</summary>
    public bool IsActive => _buffer is not null;

    /// <summary>The bytes collected so far.</summary>
    public ReadOnlySequence<byte> Content => new(_buffer ?? [], 0, _length);

    /// <summary>Appends one fragment's payload.</summary>
    public void Append(in ReadOnlySequence<byte> payload)
    {
        var needed = _length + (int)payload.Length;
        if (_buffer is null || _buffer.Length < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Min(needed * 2, 4096)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = grown;
        }

        payload.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }

    /// <summary>Gives the array back to the pool.</summary>
    public void Reset()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _length = 0;
    }
}
