using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>
/// A deliberately dumb WebSocket client over a raw TCP socket, so tests can send frames a
/// well-behaved client library never would (unmasked, bad UTF-8, garbage).
/// </summary>
internal sealed class RawWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffer = [];

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public string ResponseHead { get; private set; } = "";

    public static async Task<RawWebSocketClient> ConnectAsync(int port, string query, string? key = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var client = new RawWebSocketClient(tcp);
        key ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET /engine.io/?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        client.ResponseHead = await client.ReadHeadAsync();
        return client;
    }

    public bool Upgraded => ResponseHead.StartsWith("HTTP/1.1 101", StringComparison.Ordinal);

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendTextAsync(string text) => SendRawAsync(Frame(1, Encoding.UTF8.GetBytes(text)));

    /// <summary>Next server frame, or null when the server closed the TCP connection.</summary>
    public async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync()
    {
        if (!await FillAsync(2))
        {
            return null;
        }

        var opcode = _buffer[0] & 0x0F;
        var length = (long)(_buffer[1] & 0x7F);
        var offset = 2;
        if (length == 126)
        {
            await FillAsync(4);
            length = (_buffer[2] << 8) | _buffer[3];
            offset = 4;
        }
        else if (length == 127)
        {
            await FillAsync(10);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(_buffer.GetRange(2, 8).ToArray());
            offset = 10;
        }

        if (!await FillAsync(offset + (int)length))
        {
            return null;
        }

        var payload = _buffer.GetRange(offset, (int)length).ToArray();
        _buffer.RemoveRange(0, offset + (int)length);
        return (opcode, payload);
    }

    /// <summary>Reads until a text frame arrives (skipping nothing else) and returns its text.</summary>
    public async Task<string> ReadTextAsync()
    {
        var frame = await ReadFrameAsync() ?? throw new InvalidOperationException("connection closed");
        Assert.Equal(1, frame.Opcode);
        return Encoding.UTF8.GetString(frame.Payload);
    }

    /// <summary>Reads frames until the close frame; returns its status code (or null if the TCP connection just ended).</summary>
    public async Task<int?> ReadCloseStatusAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == 8)
            {
                return frame.Payload.Length >= 2 ? (frame.Payload[0] << 8) | frame.Payload[1] : 1005;
            }
        }

        return null;
    }

    public static byte[] Frame(int opcode, byte[] payload, bool fin = true, bool masked = true)
    {
        byte[] key = [0x12, 0x34, 0x56, 0x78];
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        var maskBit = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            header.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.AddRange([(byte)(maskBit | 126), (byte)(payload.Length >> 8), (byte)payload.Length]);
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

        return [.. header, .. payload.Select((b, i) => masked ? (byte)(b ^ key[i % 4]) : b)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<string> ReadHeadAsync()
    {
        while (true)
        {
            var text = Encoding.ASCII.GetString(_buffer.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _buffer.RemoveRange(0, end + 4);
                return text[..end];
            }

            if (!await FillAsync(_buffer.Count + 1))
            {
                return text;
            }
        }
    }

    private async Task<bool> FillAsync(int count)
    {
        var chunk = new byte[8192];
        using var timeout = new CancellationTokenSource(Timeout);
        while (_buffer.Count < count)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, timeout.Token);
            }
            catch (IOException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            _buffer.AddRange(chunk.AsSpan(0, read));
        }

        return true;
    }
}
