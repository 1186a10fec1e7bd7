using System.Net;
using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// One Engine.IO session as the layer above sees it: an id, the handshake request's facts, a
/// bounded outbound queue and a way to close. Transports (WebSocket, long-polling, and the
/// upgrade between them) live below this type.
/// </summary>
public abstract class EngineConnection
{
    protected EngineConnection(string id, IQueryCollection query, IHeaderDictionary headers, IPAddress? remoteAddress)
    {
        Id = id;
        Query = query;
        Headers = headers;
        RemoteAddress = remoteAddress;
    }

    /// <summary>The Engine.IO session id (the handshake's <c>sid</c>).</summary>
    public string Id { get; }

    /// <summary>Query string of the handshake request.</summary>
    public IQueryCollection Query { get; }

    /// <summary>Headers of the handshake request (copied; safe to keep).</summary>
    public IHeaderDictionary Headers { get; }

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
