using System.Buffers.Binary;
using System.Buffers.Text;

namespace Tiketi.LoadTests;

/// <summary>
/// Finds a seat's index from the 36 UTF-8 characters of its id as the server writes them (lowercase 8-4-4-4-12)
/// without parsing a <see cref="Guid"/>: an open-addressing table keyed by a hash of the text, confirmed by comparing
/// all 36 bytes, so an unknown or mangled id is never taken for a seat. Ids in another case fall back to parsing.
/// Read-only after construction, so any number of receive loops may use it at once.
/// </summary>
internal sealed class SeatIndex
{
    private const int IdLength = 36;
    private readonly byte[] _ids;
    private readonly int[] _slots;
    private readonly int _mask;
    private readonly Dictionary<Guid, int> _byGuid;

    public SeatIndex(Guid[] seats)
    {
        _ids = new byte[seats.Length * IdLength];
        _slots = new int[Math.Max(16, (int)BitOperationsRoundUp(seats.Length * 4))];
        _mask = _slots.Length - 1;
        _byGuid = new Dictionary<Guid, int>(seats.Length);
        for (var i = 0; i < seats.Length; i++)
        {
            var text = _ids.AsSpan(i * IdLength, IdLength);
            Utf8Formatter.TryFormat(seats[i], text, out _, 'D');
            _byGuid.TryAdd(seats[i], i);
            var slot = Hash(text) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }
            _slots[slot] = i + 1; // 0 marks an empty slot
        }
    }

    /// <summary>The index of the seat whose id the first 36 bytes of <paramref name="text"/> spell, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> text)
    {
        if (text.Length < IdLength)
        {
            return -1;
        }
        var id = text[..IdLength];
        for (var slot = Hash(id) & _mask; _slots[slot] != 0; slot = (slot + 1) & _mask)
        {
            var seat = _slots[slot] - 1;
            if (id.SequenceEqual(_ids.AsSpan(seat * IdLength, IdLength)))
            {
                return seat;
            }
        }
        return Utf8Parser.TryParse(id, out Guid parsed, out var consumed, 'D') && consumed == IdLength
            && _byGuid.TryGetValue(parsed, out var found) ? found : -1;
    }

    // The first and last eight hex digits: the random parts of both random (v4) and time-ordered (v7) UUIDs.
    private static int Hash(ReadOnlySpan<byte> id)
    {
        var head = BinaryPrimitives.ReadUInt64LittleEndian(id);
        var tail = BinaryPrimitives.ReadUInt64LittleEndian(id[(IdLength - 8)..]);
        return (int)(((head * 0x9E3779B97F4A7C15) ^ tail) * 0x9E3779B97F4A7C15 >> 40);
    }

    private static uint BitOperationsRoundUp(int value) => System.Numerics.BitOperations.RoundUpToPowerOf2((uint)value);
}
