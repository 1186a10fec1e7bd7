using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tiketi.LoadTests;

/// <summary>
/// A deliberately minimal Engine.IO v4 / Socket.IO v5 client over a raw TCP socket, cheap
/// enough that one generator core can hold tens of thousands: one receive buffer that starts
/// small and grows while reads fill it (so a server that batches frames is read many frames per
/// system call) and shrinks back when reads get small, no per-message allocation, its own
/// RFC 6455 framing. It connects with a direct WebSocket
/// (<c>/socket.io/?EIO=4&amp;transport=websocket</c>, like the React client), joins the default
/// namespace, answers pings, and hands Socket.IO EVENT packets to an <see cref="IBenchEventSink"/>. It supports one outstanding acknowledgement at a time.
/// An optional CONNECT packet (e.g. <c>40{"token":"..."}</c>) carries the auth payload the
/// application server requires, as the React client sends it.
/// </summary>
internal sealed class BenchClient : IDisposable
{
    private static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);
    private const int IpBindAddressNoPort = 24; // Linux IP_BIND_ADDRESS_NO_PORT: pick the port at connect(), per 4-tuple.
    private const int SmallBuffer = 512;
    private const int LargeBuffer = 64 * 1024;
    private const int QuietReadsBeforeShrink = 16;

    private readonly Socket _socket;
    private readonly IBenchEventSink _sink;
    private readonly byte[] _mask;
    private readonly byte[]? _connectPacket;
    private readonly object _sendLock = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? _pendingAck;
    private byte[] _buffer = new byte[SmallBuffer];
    private int _filled;
    private int _quietReads;
    private bool _upgraded;
    private int _nextAckId;
    private int _closed;

    public BenchClient(IBenchEventSink sink, int id, byte[]? connectPacket = null)
    {
        _sink = sink;
        Id = id;
        _connectPacket = connectPacket;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _mask = BitConverter.GetBytes(Random.Shared.Next() | 1);
    }

    /// <summary>The index of this client in its fleet.</summary>
    public int Id { get; }

    /// <summary>
    /// <see cref="Stopwatch.GetTimestamp"/> when the read that carried the packet being handed to the sink
    /// completed: one clock reading per read, shared by every event in it.
    /// </summary>
    public long ReceivedAt { get; private set; }

    /// <summary>The receive buffer's current size (it adapts to how much each read brings).</summary>
    public int ReceiveBufferSize => _buffer.Length;

    /// <summary>True between the Socket.IO CONNECT ack and the first sign of closing.</summary>
    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && Volatile.Read(ref _closed) == 0;

    /// <summary>
    /// Opens TCP from <paramref name="source"/> (any loopback address; null lets the kernel
    /// choose), upgrades to WebSocket and completes once the server acknowledged CONNECT to "/".
    /// </summary>
    public async Task ConnectAsync(IPEndPoint server, IPAddress? source, CancellationToken cancellationToken)
    {
        if (source is not null)
        {
            _socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
            _socket.Bind(new IPEndPoint(source, 0));
        }
        await _socket.ConnectAsync(server, cancellationToken);
        var request = Encoding.ASCII.GetBytes(
            $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\n" +
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGlrZXRpLWxvYWR0ZXN0cw==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
        _ = ReceiveLoopAsync(cancellationToken);
        await _connected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends a Socket.IO EVENT (<paramref name="jsonArray"/> is the JSON array after "42").</summary>
    public void Emit(ReadOnlySpan<byte> jsonArray)
    {
        Span<byte> packet = jsonArray.Length + 2 <= 1024 ? stackalloc byte[jsonArray.Length + 2] : new byte[jsonArray.Length + 2];
        packet[0] = (byte)'4';
        packet[1] = (byte)'2';
        jsonArray.CopyTo(packet[2..]);
        SendText(packet);
    }

    /// <summary>Sends an EVENT that asks for an acknowledgement and returns the ack's JSON array.</summary>
    public async Task<string> EmitWithAckAsync(string jsonArray, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _pendingAck, pending, null) is not null)
        {
            throw new InvalidOperationException("one acknowledgement at a time");
        }
        var id = ++_nextAckId;
        SendText(Encoding.UTF8.GetBytes($"42{id}{jsonArray}"));
        try
        {
            return await pending.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.CompareExchange(ref _pendingAck, null, pending);
        }
    }

    public void Dispose()
    {
        MarkClosed("disposed", notify: false);
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        string reason = "server closed the connection";
        // One registration for the loop's lifetime rather than one per pending read: cancelling closes the socket.
        using var cancel = cancellationToken.UnsafeRegister(static state => ((BenchClient)state!)._socket.Dispose(), this);
        try
        {
            while (Volatile.Read(ref _closed) == 0)
            {
                if (_filled == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                var space = _buffer.Length - _filled;
                var read = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), SocketFlags.None, CancellationToken.None);
                if (read == 0)
                {
                    break;
                }
                ReceivedAt = Stopwatch.GetTimestamp();
                _filled += read;
                var consumed = Process(_buffer.AsSpan(0, _filled), out var error);
                if (error is not null)
                {
                    reason = error;
                    break;
                }
                _filled -= consumed;
                if (_filled > 0 && consumed > 0)
                {
                    Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _filled);
                }
                AdaptBuffer(read, space);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            reason = "cancelled";
        }
        catch (SocketException e)
        {
            reason = "socket error " + e.SocketErrorCode;
        }
        catch (ObjectDisposedException)
        {
            reason = "disposed";
        }
        catch (Exception e)
        {
            reason = "receive loop failed: " + e.Message;
        }
        MarkClosed(reason, notify: true);
    }

    /// <summary>
    /// Doubles the buffer (up to 64 KiB) when a read filled it, since more was probably waiting; halves it after a run
    /// of reads that used little of it, so sockets whose traffic dropped give the memory back (sockets that never saw a
    /// burst stay at 512 bytes; one that falls silent right after a burst keeps its buffer until it reads again).
    /// Frames larger than the buffer are handled in <see cref="Process"/>, which sizes it to the frame.
    /// </summary>
    private void AdaptBuffer(int read, int space)
    {
        if (read == space && _buffer.Length < LargeBuffer)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
            _quietReads = 0;
        }
        else if (read <= _buffer.Length / 8 && _buffer.Length > SmallBuffer)
        {
            if (++_quietReads >= QuietReadsBeforeShrink && _filled <= _buffer.Length / 4)
            {
                var smaller = new byte[Math.Max(SmallBuffer, _buffer.Length / 2)];
                _buffer.AsSpan(0, _filled).CopyTo(smaller);
                _buffer = smaller;
                _quietReads = 0;
            }
        }
        else
        {
            _quietReads = 0;
        }
    }

    /// <summary>Handles every complete unit in <paramref name="data"/>; returns the bytes consumed.</summary>
    private int Process(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        var offset = 0;
        if (!_upgraded)
        {
            var end = data.IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return 0;
            }
            if (!data.StartsWith("HTTP/1.1 101"u8))
            {
                error = "upgrade refused: " + Encoding.ASCII.GetString(data[..Math.Min(end, 80)]);
                return 0;
            }
            _upgraded = true;
            offset = end + 4;
        }
        while (TryReadFrame(data[offset..], out var opcode, out var payload, out var frameLength))
        {
            offset += frameLength;
            switch (opcode)
            {
                case 0x1:
                    error = OnEnginePacket(payload);
                    break;
                case 0x8:
                    error = payload.Length >= 2
                        ? $"close frame {(payload[0] << 8) | payload[1]} {Encoding.UTF8.GetString(payload[2..])}"
                        : "close frame";
                    break;
                case 0x9:
                    SendFrame(0xA, payload);
                    break;
                case 0x2 or 0xA:
                    break;
                default:
                    error = $"unsupported opcode {opcode} (fragmented frames are not expected)";
                    break;
            }
            if (error is not null)
            {
                return offset;
            }
        }
        if (data.Length - offset > _buffer.Length / 2 && TryFrameLength(data[offset..], out var needed) && needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(needed + 16, int.MaxValue));
        }
        return offset;
    }

    private static bool TryFrameLength(ReadOnlySpan<byte> data, out long total)
    {
        total = 0;
        if (data.Length < 2)
        {
            return false;
        }
        var len = data[1] & 0x7F;
        var header = 2;
        long payloadLength = len;
        if (len == 126)
        {
            if (data.Length < 4)
            {
                return false;
            }
            header = 4;
            payloadLength = (data[2] << 8) | data[3];
        }
        else if (len == 127)
        {
            if (data.Length < 10)
            {
                return false;
            }
            header = 10;
            payloadLength = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
        }
        total = header + payloadLength;
        return true;
    }

    private static bool TryReadFrame(ReadOnlySpan<byte> data, out int opcode, out ReadOnlySpan<byte> payload, out int frameLength)
    {
        opcode = 0;
        payload = default;
        frameLength = 0;
        if (!TryFrameLength(data, out var total) || total > data.Length)
        {
            return false;
        }
        var fin = (data[0] & 0x80) != 0;
        opcode = fin ? data[0] & 0x0F : -1;
        var header = (data[1] & 0x7F) switch { 126 => 4, 127 => 10, _ => 2 };
        frameLength = (int)total;
        payload = data[header..frameLength];
        return true;
    }

    private string? OnEnginePacket(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return "empty Engine.IO packet";
        }
        switch (packet[0])
        {
            case (byte)'0':
                if (_connectPacket is null)
                {
                    SendText("40"u8);
                }
                else
                {
                    SendText(_connectPacket);
                }
                return null;
            case (byte)'2':
                SendText("3"u8);
                return null;
            case (byte)'1':
                return "Engine.IO close";
            case (byte)'6':
                return null;
            case (byte)'4':
                return OnSocketIoPacket(packet[1..]);
            default:
                return "unknown Engine.IO packet " + (char)packet[0];
        }
    }

    private string? OnSocketIoPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return "empty Socket.IO packet";
        }
        switch (packet[0])
        {
            case (byte)'0':
                _connected.TrySetResult();
                return null;
            case (byte)'2':
                _sink.OnEvent(this, packet[1..]);
                return null;
            case (byte)'3':
                var body = packet[1..];
                var digits = body.IndexOfAnyExcept(Digits);
                if (digits > 0 && Utf8Parser.TryParse(body[..digits], out int ackId, out _) && ackId == _nextAckId)
                {
                    Volatile.Read(ref _pendingAck)?.TrySetResult(Encoding.UTF8.GetString(body[digits..]));
                }
                return null;
            case (byte)'4':
                var message = Encoding.UTF8.GetString(packet[1..]);
                _connected.TrySetException(new InvalidOperationException("connect_error " + message));
                return "connect_error " + message;
            case (byte)'1':
                return "Socket.IO disconnect";
            default:
                return null;
        }
    }

    private void SendText(ReadOnlySpan<byte> payload) => SendFrame(0x1, payload);

    /// <summary>Client frames are masked (RFC 6455 §5.3); small ones are built on the stack.</summary>
    private void SendFrame(int opcode, ReadOnlySpan<byte> payload)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }
        var header = payload.Length < 126 ? 2 : payload.Length <= ushort.MaxValue ? 4 : 10;
        var size = header + 4 + payload.Length;
        byte[]? rented = null;
        Span<byte> frame = size <= 512 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        frame[0] = (byte)(0x80 | opcode);
        if (header == 2)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else if (header == 4)
        {
            frame[1] = 0x80 | 126;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame[2..], (ushort)payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 127;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(frame[2..], (ulong)payload.Length);
        }
        _mask.CopyTo(frame[header..]);
        var body = frame[(header + 4)..];
        for (var i = 0; i < payload.Length; i++)
        {
            body[i] = (byte)(payload[i] ^ _mask[i & 3]);
        }
        try
        {
            lock (_sendLock)
            {
                while (!frame.IsEmpty)
                {
                    frame = frame[_socket.Send(frame, SocketFlags.None)..];
                }
            }
        }
        catch (SocketException)
        {
            MarkClosed("send failed", notify: true);
        }
        catch (ObjectDisposedException)
        {
            // Closed concurrently by the fleet; nothing to send to.
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void MarkClosed(string reason, bool notify)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        _connected.TrySetException(new IOException("closed before connect: " + reason));
        _pendingAck?.TrySetException(new IOException("closed: " + reason));
        if (notify)
        {
            _sink.OnClosed(this, reason);
        }
    }
}
