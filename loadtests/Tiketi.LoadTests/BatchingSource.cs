using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tiketi.LoadTests;

/// <summary>
/// <c>source</c>: a stand-in server that measures the generator itself (the <c>selfcheck</c> scenario). It speaks just
/// enough Engine.IO v4 / Socket.IO v5 over WebSocket for <see cref="BenchClient"/> (upgrade, open packet, CONNECT ack)
/// and then streams pre-encoded EVENT frames to every connected socket, <c>batch</c> frames per TCP write, like a
/// server that coalesces its writes. What to stream comes in the clients' CONNECT auth payload,
/// <c>{"events":"seats"|"tick","rate":events/s per socket,"batch":events per write,"seed":n}</c>; the first client
/// sets it and later clients must ask for the same. Writes block when a reader falls behind, so the source never
/// outruns the generator: the received rate then is the generator's capacity, not a backlog.
/// Usage: source --url http://127.0.0.1:3990   (runs until killed; loadtests/run.sh selfcheck starts and stops it)
/// </summary>
internal sealed class BatchingSource
{
    /// <summary>Seats in the streamed seat map, as on the 4,900-seat layout the realtime scenario uses.</summary>
    public const int SeatCount = 4900;

    private const string Timestamp = "2026-11-22T04:00:00.000Z";
    private readonly object _gate = new();
    private Socket[] _live = [];
    private long _lastJoin;
    private StreamPlan? _plan;
    private string? _planJson;

    /// <summary>Runs the source until <paramref name="cancellationToken"/> fires; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        var endpoint = options.Server();
        options.RejectUnknown();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endpoint);
        listener.Listen(4096);
        var source = new BatchingSource();
        var streamer = new Thread(() => source.Stream(cancellationToken)) { IsBackground = true, Name = "source stream" };
        streamer.Start();
        Console.WriteLine($"source listening on {endpoint}");
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(cancellationToken);
                _ = source.ServeAsync(socket, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    /// <summary>The seat ids streamed for <paramref name="seed"/>; the generator derives the same ones to verify them.</summary>
    public static Guid[] SeatIds(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[16];
        var seats = new Guid[SeatCount];
        for (var i = 0; i < seats.Length; i++)
        {
            random.NextBytes(bytes);
            seats[i] = new Guid(bytes);
        }
        return seats;
    }

    /// <summary>The CONNECT packet a client sends to ask for this stream.</summary>
    public static byte[] ConnectPacket(string events, int rate, int batch, int seed) =>
        Encoding.UTF8.GetBytes($"40{{\"events\":\"{events}\",\"rate\":{rate},\"batch\":{batch},\"seed\":{seed}}}");

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var joined = false;
        try
        {
            socket.NoDelay = true;
            var buffer = new byte[4096];
            var filled = 0;
            int end;
            while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (filled == buffer.Length)
                {
                    return;
                }
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return;
                }
                filled += read;
            }
            var key = HeaderValue(Encoding.ASCII.GetString(buffer, 0, end), "Sec-WebSocket-Key");
#pragma warning disable CA5350 // RFC 6455 §4.2.2 defines Sec-WebSocket-Accept with SHA-1; it is not used for security here.
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
            var response = new List<byte>(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
            response.AddRange(Frame("0{\"sid\":\"source\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"u8));
            await socket.SendAsync(response.ToArray(), cancellationToken);

            filled -= end + 4;
            Buffer.BlockCopy(buffer, end + 4, buffer, 0, filled);
            byte[]? connect;
            while ((connect = TryReadMaskedFrame(buffer.AsSpan(0, filled))) is null)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0 || filled + read == buffer.Length)
                {
                    return;
                }
                filled += read;
            }
            var refusal = Join(connect, socket);
            if (refusal is not null)
            {
                await socket.SendAsync(Frame(Encoding.UTF8.GetBytes($"44{{\"message\":\"{refusal}\"}}")), cancellationToken);
                return;
            }
            joined = true;
            while (await socket.ReceiveAsync(buffer, cancellationToken) > 0)
            {
                // The generator sends nothing after CONNECT that the stream needs (no pings are sent, so no pongs).
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or JsonException)
        {
            // A client that went away or sent nonsense only loses its own stream.
        }
        finally
        {
            if (joined)
            {
                Leave(socket);
            }
            socket.Dispose();
        }
    }

    /// <summary>Registers a socket for the stream its CONNECT packet asks for; returns why not, or null.</summary>
    private string? Join(byte[] connect, Socket socket)
    {
        if (connect.Length < 2 || connect[0] != '4' || connect[1] != '0')
        {
            return "expected a Socket.IO CONNECT";
        }
        var json = Encoding.UTF8.GetString(connect, 2, connect.Length - 2);
        lock (_gate)
        {
            if (_planJson is null)
            {
                _plan = StreamPlan.Parse(json);
                _planJson = json;
            }
            else if (json != _planJson)
            {
                return "every client of one source must ask for the same stream";
            }
            socket.Send(Frame("40{\"sid\":\"source\"}"u8));
            _live = [.. _live, socket];
            Volatile.Write(ref _lastJoin, Stopwatch.GetTimestamp());
        }
        return null;
    }

    private void Leave(Socket socket)
    {
        lock (_gate)
        {
            _live = [.. _live.Where(s => s != socket)];
            if (_live.Length == 0)
            {
                _plan = null;
                _planJson = null;
            }
        }
    }

    /// <summary>The streaming thread: one encode per round, then the same batch written to every socket.</summary>
    private void Stream(CancellationToken cancellationToken)
    {
        long round = 0;
        var start = Stopwatch.GetTimestamp();
        StreamPlan? current = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var plan = Volatile.Read(ref _plan);
            var sockets = Volatile.Read(ref _live);
            // Streaming waits while clients are still connecting: handshakes first, like a server before the show.
            if (plan is null || sockets.Length == 0 || Stopwatch.GetElapsedTime(Volatile.Read(ref _lastJoin)) < TimeSpan.FromSeconds(1))
            {
                current = null; // restart the schedule afterwards instead of catching up
                Thread.Sleep(10);
                continue;
            }
            if (plan != current)
            {
                (current, round, start) = (plan, 0, Stopwatch.GetTimestamp());
            }
            var due = start + (long)(round * (double)Stopwatch.Frequency * plan.Batch / plan.Rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                Thread.Sleep(wait);
            }
            var batch = plan.Build(round++);
            foreach (var socket in sockets)
            {
                try
                {
                    socket.Send(batch.Span);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // ServeAsync notices the closed socket and unregisters it.
                }
            }
        }
    }

    private static string HeaderValue(string request, string name)
    {
        foreach (var line in request.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }
        return "";
    }

    /// <summary>A complete masked client frame's unmasked payload, or null while incomplete.</summary>
    private static byte[]? TryReadMaskedFrame(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return null;
        }
        var length = data[1] & 0x7F;
        var header = 2;
        if (length == 126)
        {
            if (data.Length < 4)
            {
                return null;
            }
            length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            header = 4;
        }
        else if (length == 127)
        {
            throw new JsonException("CONNECT packet too large");
        }
        if (data.Length < header + 4 + length)
        {
            return null;
        }
        var mask = data.Slice(header, 4);
        var payload = data.Slice(header + 4, length).ToArray();
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    /// <summary>An unmasked server text frame around <paramref name="payload"/>.</summary>
    private static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var header = payload.Length < 126 ? 2 : 4;
        var frame = new byte[header + payload.Length];
        WriteHeader(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }

    private static int WriteHeader(Span<byte> frame, int payloadLength)
    {
        frame[0] = 0x81;
        if (payloadLength < 126)
        {
            frame[1] = (byte)payloadLength;
            return 2;
        }
        frame[1] = 126;
        BinaryPrimitives.WriteUInt16BigEndian(frame[2..], (ushort)payloadLength);
        return 4;
    }

    /// <summary>What one source streams: which events, how fast, how many per write; builds each round's batch.</summary>
    private sealed class StreamPlan
    {
        private readonly byte[][] _seatFrames = [];
        private readonly byte[] _batch;
        private readonly bool _ticks;

        private StreamPlan(bool ticks, int rate, int batch, int seed)
        {
            _ticks = ticks;
            Rate = rate;
            Batch = batch;
            if (!ticks)
            {
                // Per hold, the application server sends seat-locked, seat-selected and, on cancel, seat-released.
                var user = SeatIds(seed + 1)[0];
                _seatFrames = [.. SeatIds(seed).SelectMany(seat => new[]
                {
                    Frame(Encoding.UTF8.GetBytes($"42[\"seat-locked\",{{\"seatId\":\"{seat}\",\"userId\":\"{user}\",\"status\":\"locked\",\"timestamp\":\"{Timestamp}\"}}]")),
                    Frame(Encoding.UTF8.GetBytes($"42[\"seat-selected\",{{\"seatId\":\"{seat}\",\"status\":\"locked\",\"timestamp\":\"{Timestamp}\"}}]")),
                    Frame(Encoding.UTF8.GetBytes($"42[\"seat-released\",{{\"seatId\":\"{seat}\",\"status\":\"available\",\"timestamp\":\"{Timestamp}\"}}]")),
                })];
            }
            _batch = new byte[batch * (ticks ? 64 : _seatFrames.Max(f => f.Length))];
        }

        public int Rate { get; }

        public int Batch { get; }

        public static StreamPlan Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var events = root.GetProperty("events").GetString();
            var rate = root.GetProperty("rate").GetInt32();
            var batch = root.GetProperty("batch").GetInt32();
            var seed = root.GetProperty("seed").GetInt32();
            if (events is not ("seats" or "tick") || rate <= 0 || batch <= 0 || batch > 10_000)
            {
                throw new JsonException("events must be seats|tick, rate > 0, batch in 1..10000");
            }
            return new StreamPlan(events == "tick", rate, batch, seed);
        }

        /// <summary>Round <paramref name="round"/>'s frames, back to back; valid until the next call.</summary>
        public ReadOnlyMemory<byte> Build(long round)
        {
            var at = 0;
            if (_ticks)
            {
                // 42["tick",{"t":<send timestamp>}], the fanout scenario's event, stamped with this process's clock
                // (Stopwatch is CLOCK_MONOTONIC, shared by every process on the machine).
                Span<byte> payload = stackalloc byte[48];
                "42[\"tick\",{\"t\":"u8.CopyTo(payload);
                Utf8Formatter.TryFormat(Stopwatch.GetTimestamp(), payload[15..], out var digits);
                "}]"u8.CopyTo(payload[(15 + digits)..]);
                payload = payload[..(17 + digits)];
                for (var i = 0; i < Batch; i++)
                {
                    at += WriteHeader(_batch.AsSpan(at), payload.Length);
                    payload.CopyTo(_batch.AsSpan(at));
                    at += payload.Length;
                }
                return _batch.AsMemory(0, at);
            }
            var first = round * Batch;
            for (var i = 0; i < Batch; i++)
            {
                var frame = _seatFrames[(first + i) % _seatFrames.Length];
                frame.CopyTo(_batch, at);
                at += frame.Length;
            }
            return _batch.AsMemory(0, at);
        }
    }
}
