using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// The byte pipes of a connection after the 101: the server's own transport pipes when it exposes
/// them (Kestrel does), else pipes over the upgrade stream. <see cref="OwnsPipes"/> says whether
/// completing them is ours to do (stream pipes) or the server's (its transport, which it closes
/// itself when the request ends).
/// </summary>
public readonly record struct UpgradedConnection(PipeReader Input, PipeWriter Output, bool OwnsPipes)
{
    // The connection or request whose Abort drops the TCP connection: kept as is, so holding the way to abort
    // costs a connection no delegate.
    private readonly object? _owner;

    /// <summary>The transport pipes of a connection the server handed over whole (connection middleware).</summary>
    public UpgradedConnection(ConnectionContext connection)
        : this(connection.Transport.Input, connection.Transport.Output, OwnsPipes: false) => _owner = connection;

    private UpgradedConnection(PipeReader input, PipeWriter output, bool ownsPipes, HttpContext request)
        : this(input, output, ownsPipes) => _owner = request;

    /// <summary>The pipes of an upgraded request, with <paramref name="request"/> to abort.</summary>
    public static UpgradedConnection ForRequest(PipeReader input, PipeWriter output, bool ownsPipes, HttpContext request) =>
        new(input, output, ownsPipes, request);

    /// <summary>Wraps an upgrade stream (servers without a transport feature, e.g. test hosts).</summary>
    public static UpgradedConnection OverStream(Stream stream, HttpContext request) => new(
        PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true, useZeroByteReads: true)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)),
        ownsPipes: true,
        request);

    /// <summary>Drops the TCP connection at once (a peer that stopped reading keeps no buffers of ours).</summary>
    public void Abort()
    {
        switch (_owner)
        {
            case ConnectionContext connection:
                connection.Abort();
                break;
            case HttpContext request:
                request.Abort();
                break;
        }
    }
}
