using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.WebUtilities;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// Connection middleware in front of Kestrel's HTTP/1.1: when a connection's first request is a direct Engine.IO
/// WebSocket connect (what the React client and every buyer's reconnect do: <c>GET /socket.io/?EIO=4&amp;transport=websocket</c>
/// with a valid RFC 6455 upgrade and no sid), it answers the 101 itself and runs the session on the connection's
/// transport pipes. Such a connection then never builds Kestrel's HTTP request objects or runs the middleware
/// pipeline — less CPU per connect and less memory per idle socket. Every other connection (REST, long-polling,
/// upgrades from polling, anything malformed or unusual) is handed to Kestrel untouched, so it gets the exact
/// answers of the normal path.
/// </summary>
public sealed class DirectWebSocketAcceptor
{
    private const int MaxHeadBytes = 8192;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    // A preconnected browser socket may stay silent: after about 10 s Kestrel takes over with its own timeouts.
    private static readonly CoarseTimeout HeadTimeout = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

    private readonly Lock _routesLock = new();
    private volatile Route[] _routes = [];
    private long _accepted;

    /// <summary>Connections this acceptor took over (the rest went to Kestrel's HTTP handling).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Routes direct WebSocket connects to <paramref name="path"/> (with or without its trailing slash) to <paramref name="server"/>.</summary>
    public void Add(string path, EngineServer server)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(server);
        lock (_routesLock)
        {
            _routes = [.. _routes, new Route(path.Length > 1 ? path.TrimEnd('/') : path, server)];
        }
    }

    /// <summary>The middleware for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectedAsync(connection, next);

    private async Task OnConnectedAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (_routes.Length == 0 || await TryReadDirectConnectAsync(connection) is not { } accepted)
        {
            await next(connection);
            return;
        }

        Interlocked.Increment(ref _accepted);
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        await accepted.Server.RunAcceptedWebSocketAsync(new UpgradedConnection(connection), accepted.Head, remote);
    }

    // Reads the first request head without consuming anything unless it is ours. Pooled: the state machine
    // lives only until the head is read, so an accepted socket keeps just OnConnectedAsync's small one.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<DirectConnect?> TryReadDirectConnectAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var timeout = HeadTimeout.Token;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            if (TryTakeHead(input, result, connection.Transport.Output, out var accepted))
            {
                return accepted;
            }
        }
    }

    // True when the read settled it: accepted (the head consumed and the 101 written, unflushed) or not ours (nothing consumed).
    private bool TryTakeHead(PipeReader input, in ReadResult result, PipeWriter output, out DirectConnect? accepted)
    {
        accepted = null;
        var buffer = result.Buffer;
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, HeadEnd, advancePastDelimiter: true))
        {
            var headLength = (int)reader.Consumed;
            accepted = headLength <= MaxHeadBytes ? Match(buffer.Slice(0, headLength), output) : null;
            input.AdvanceTo(accepted is null ? buffer.Start : reader.Position, accepted is null ? buffer.Start : reader.Position);
            return true;
        }

        var giveUp = result.IsCompleted || result.IsCanceled || buffer.Length > MaxHeadBytes || !CouldBeDirectConnect(buffer);
        // Not consumed, and examined only while waiting for more: Kestrel's first read sees every byte again.
        input.AdvanceTo(buffer.Start, giveUp ? buffer.Start : buffer.End);
        return giveUp;
    }

    // Anything but a GET is Kestrel's at once (no need to wait for the whole head).
    private static bool CouldBeDirectConnect(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[4];
        var length = (int)Math.Min(buffer.Length, start.Length);
        buffer.Slice(0, length).CopyTo(start);
        return "GET "u8.StartsWith(start[..length]);
    }

    private DirectConnect? Match(in ReadOnlySequence<byte> headBytes, PipeWriter output)
    {
        if (!CouldBeDirectConnect(headBytes) || !HttpRequestHead.TryParse(headBytes.ToArray(), out var head))
        {
            return null;
        }

        var path = head.PathBytes;
        path = path.Length > 1 ? path.TrimEnd((byte)'/') : path;
        EngineServer? server = null;
        foreach (var route in _routes)
        {
            if (Ascii.EqualsIgnoreCase(path, route.Path))
            {
                server = route.Server;
                break;
            }
        }

        if (server is null
            || !server.AcceptsDirectWebSockets
            || !HasPlainFraming(head)
            || !WebSocketHandshake.IsValidRequest(head, out var key)
            || !IsDirectConnectQuery(head.QueryBytes))
        {
            return null; // EIO=3, other transports, upgrades of polling sessions, odd requests: the normal path answers
        }

        WebSocketHandshake.WriteResponse(output, key);
        return new DirectConnect(server, head);
    }

    // One Host, and no body: a request Kestrel would treat any differently is left to Kestrel.
    private static bool HasPlainFraming(HttpRequestHead head)
    {
        var hosts = 0;
        var fields = head.EnumerateFields();
        while (fields.MoveNext())
        {
            var name = fields.Name;
            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                hosts++;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                return false;
            }
        }

        return hosts == 1;
    }

    /// <summary>
    /// <c>EIO=4</c> and <c>transport=websocket</c> once each, and no <c>sid</c> (names case-insensitive), exactly as
    /// <see cref="QueryHelpers.ParseQuery(string)"/> would read them; checked on the bytes unless something is encoded.
    /// </summary>
    internal static bool IsDirectConnectQuery(ReadOnlySpan<byte> query)
    {
        if (query.IndexOfAny("%+"u8) >= 0)
        {
            var parsed = QueryHelpers.ParseQuery(Encoding.ASCII.GetString(query));
            return parsed.TryGetValue("EIO", out var eio) && eio == "4"
                && parsed.TryGetValue("transport", out var transport) && transport == "websocket"
                && !parsed.ContainsKey("sid");
        }

        int eios = 0, transports = 0;
        bool eioIs4 = false, isWebSocket = false;
        foreach (var range in query.Split((byte)'&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? default : pair[(equals + 1)..];
            if (Ascii.EqualsIgnoreCase(name, "EIO"u8))
            {
                eios++;
                eioIs4 = value.SequenceEqual("4"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "transport"u8))
            {
                transports++;
                isWebSocket = value.SequenceEqual("websocket"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "sid"u8))
            {
                return false;
            }
        }

        return eios == 1 && eioIs4 && transports == 1 && isWebSocket;
    }

    private sealed record Route(string Path, EngineServer Server);

    private readonly record struct DirectConnect(EngineServer Server, HttpRequestHead Head);
}
