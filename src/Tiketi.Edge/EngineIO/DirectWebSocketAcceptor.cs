using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
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
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

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
        var output = connection.Transport.Output;
        output.Write(Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
            + WebSocketHandshake.ComputeAccept(accepted.Key) + "\r\n\r\n"));
        await output.FlushAsync();
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        await accepted.Server.RunAcceptedWebSocketAsync(
            new UpgradedConnection(connection.Transport.Input, output, OwnsPipes: false),
            new QueryCollection(accepted.Query), accepted.Head.Headers, remote, connection.Abort);
    }

    // Reads the first request head without consuming anything unless it is ours. Waits at most HeadTimeout for it
    // (a preconnected browser socket may stay silent): then Kestrel takes over with its own timeouts.
    private async Task<DirectConnect?> TryReadDirectConnectAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(HeadTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> _, HeadEnd, advancePastDelimiter: true))
            {
                var headLength = (int)reader.Consumed;
                var accepted = headLength <= MaxHeadBytes ? Match(buffer.Slice(0, headLength)) : null;
                input.AdvanceTo(accepted is null ? buffer.Start : reader.Position, accepted is null ? buffer.Start : reader.Position);
                return accepted;
            }

            var giveUp = result.IsCompleted || result.IsCanceled || buffer.Length > MaxHeadBytes;
            // Not consumed, and examined only while waiting for more: Kestrel's first read sees every byte again.
            input.AdvanceTo(buffer.Start, giveUp ? buffer.Start : buffer.End);
            if (giveUp)
            {
                return null;
            }
        }
    }

    private DirectConnect? Match(ReadOnlySequence<byte> headBytes)
    {
        Span<byte> copy = stackalloc byte[(int)headBytes.Length];
        headBytes.CopyTo(copy);
        if (!HttpRequestHead.TryParse(copy, out var head))
        {
            return null;
        }

        var path = head.Path.Length > 1 ? head.Path.TrimEnd('/') : head.Path;
        EngineServer? server = null;
        foreach (var route in _routes)
        {
            if (string.Equals(route.Path, path, StringComparison.OrdinalIgnoreCase))
            {
                server = route.Server;
                break;
            }
        }

        var headers = head.Headers;
        if (server is null
            || !server.AcceptsDirectWebSockets
            || headers.Host.Count != 1
            || headers.ContentLength is not null
            || headers.TransferEncoding.Count > 0
            || !WebSocketHandshake.IsValidRequest(head.Method, headers, out var key))
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(head.QueryString);
        if (!query.TryGetValue("EIO", out var eio) || eio != "4"
            || !query.TryGetValue("transport", out var transport) || transport != "websocket"
            || query.ContainsKey("sid"))
        {
            return null; // EIO=3, other transports, upgrades of polling sessions: the normal path answers
        }

        return new DirectConnect(server, head, query, key);
    }

    private sealed record Route(string Path, EngineServer Server);

    private sealed record DirectConnect(EngineServer Server, HttpRequestHead Head, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query, string Key);
}
