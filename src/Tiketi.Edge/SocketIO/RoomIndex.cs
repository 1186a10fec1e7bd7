using System.Collections.Concurrent;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Room name → local member sockets of one namespace. Joins and leaves are O(1) under a per-room
/// lock; broadcasts iterate an immutable snapshot that is rebuilt only after membership changed,
/// so a join storm costs no copying and a broadcast never sees a half-applied change.
/// The socket → rooms side lives on each <see cref="SocketIoSocket"/>.
/// </summary>
internal sealed class RoomIndex
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Action<string>? _onEmptied;

    /// <param name="onEmptied">Called (outside any lock) after a room lost its last member and was dropped.</param>
    public RoomIndex(Action<string>? onEmptied = null) => _onEmptied = onEmptied;

    /// <summary>Number of non-empty rooms (each socket's own id room included).</summary>
    public int RoomCount => _rooms.Count;

    /// <summary>Adds the socket to the room; false when it already was a member.</summary>
    public bool Add(string room, SocketIoSocket socket)
    {
        while (true)
        {
            var entry = _rooms.GetOrAdd(room, static _ => new Room());
            lock (entry)
            {
                if (entry.IsDead)
                {
                    continue; // emptied and removed meanwhile: add to its successor
                }

                return entry.Add(socket);
            }
        }
    }

    /// <summary>Removes the socket from the room; an emptied room is dropped.</summary>
    public bool Remove(string room, SocketIoSocket socket)
    {
        if (!_rooms.TryGetValue(room, out var entry))
        {
            return false;
        }

        bool emptied;
        lock (entry)
        {
            if (!entry.Remove(socket))
            {
                return false;
            }

            emptied = entry.Count == 0;
            if (emptied)
            {
                entry.IsDead = true;
                _rooms.TryRemove(new KeyValuePair<string, Room>(room, entry));
            }
        }

        if (emptied)
        {
            _onEmptied?.Invoke(room);
        }

        return true;
    }

    /// <summary>The members at this instant (shared, never mutated; do not modify).</summary>
    public SocketIoSocket[] Members(string room)
    {
        if (!_rooms.TryGetValue(room, out var entry))
        {
            return [];
        }

        lock (entry)
        {
            return entry.Snapshot();
        }
    }

    /// <summary>Local member count of the room (0 when it does not exist).</summary>
    public int Count(string room)
    {
        if (!_rooms.TryGetValue(room, out var entry))
        {
            return 0;
        }

        lock (entry)
        {
            return entry.Count;
        }
    }

    private sealed class Room
    {
        // Most rooms have one member (each socket's own id room, a user's room): no set until a second joins.
        private SocketIoSocket? _single;
        private HashSet<SocketIoSocket>? _members;
        private SocketIoSocket[]? _snapshot;

        public bool IsDead { get; set; }

        public int Count => _members?.Count ?? (_single is null ? 0 : 1);

        public bool Add(SocketIoSocket socket)
        {
            if (_members is not null)
            {
                if (!_members.Add(socket))
                {
                    return false;
                }
            }
            else if (_single is null)
            {
                _single = socket;
            }
            else if (ReferenceEquals(_single, socket))
            {
                return false;
            }
            else
            {
                _members = new HashSet<SocketIoSocket>(ReferenceEqualityComparer.Instance) { _single, socket };
                _single = null;
            }

            _snapshot = null;
            return true;
        }

        public bool Remove(SocketIoSocket socket)
        {
            if (_members is not null)
            {
                if (!_members.Remove(socket))
                {
                    return false;
                }
            }
            else if (ReferenceEquals(_single, socket))
            {
                _single = null;
            }
            else
            {
                return false;
            }

            _snapshot = null;
            return true;
        }

        public SocketIoSocket[] Snapshot()
        {
            if (_snapshot is null)
            {
                if (_members is not null)
                {
                    var copy = new SocketIoSocket[_members.Count];
                    _members.CopyTo(copy);
                    _snapshot = copy;
                }
                else
                {
                    _snapshot = _single is null ? [] : [_single];
                }
            }

            return _snapshot;
        }
    }
}
