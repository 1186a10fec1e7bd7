using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// One Engine.IO session as the layer above sees it: an id, the handshake request's facts, a
/// bounded outbound queue and a way to close. Transports (WebSocket, long-polling, and the
/// upgrade between them) live below this type.
/// </summary>
public abstract class EngineConnection
{
    private readonly HttpRequestHead? _head; // the handshake's head, when query and headers are built on demand
    private IQueryCollection? _query;
    private IHeaderDictionary? _headers;

    protected EngineConnection(string id, IQueryCollection query, IHeaderDictionary headers, IPAddress? remoteAddress)
    {
        Id = id;
        _query = query;
        _headers = headers;
        RemoteAddress = remoteAddress;
    }

    /// <summary>A session whose handshake was read straight off the connection: query and headers are parsed on first use.</summary>
    private protected EngineConnection(string id, HttpRequestHead head, IPAddress? remoteAddress)
    {
        Id = id;
        _head = head;
        RemoteAddress = remoteAddress;
    }

    /// <summary>The Engine.IO session id (the handshake's <c>sid</c>).</summary>
    public string Id { get; }

    /// <summary>Query string of the handshake request.</summary>
    public IQueryCollection Query
    {
        get
        {
            var query = Volatile.Read(ref _query);
            if (query is null)
            {
                var parsed = new QueryCollection(QueryHelpers.ParseQuery(_head!.QueryString));
                query = Interlocked.CompareExchange(ref _query, parsed, null) ?? parsed;
            }

            return query;
        }
    }

    /// <summary>Headers of the handshake request (copied; safe to keep).</summary>
    public IHeaderDictionary Headers => _headers ?? _head!.Headers;

    public IPAddress? RemoteAddress { get; }

    /// <summary>Whatever the layer above attaches to the session (e.g. its Socket.IO client).</summary>
    public object? State { get; set; }

    /// <summary>True once the session has been closed for any reason.</summary>
    public abstract bool IsClosed { get; }

    /// <summary>
    /// Queues one pre-encoded message packet. The connection takes its own reference
    /// (<see cref="OutboundMessage.AddRef"/>) and releases it once written; the caller keeps
    /// its own. Returns false when the session is closed, or when the bounded outbound queue
    /// overflowed, in which case the session is closed as a slow consumer.
    /// </summary>
    public abstract bool Send(OutboundMessage message);

    /// <summary>
    /// Server-initiated transport close (WebSocket close frame, or packet <c>1</c> on the
    /// pending poll), so the client sees "transport close" and reconnects by itself.
    /// </summary>
    public abstract void Close(string reason);
}
