using System.IO.Pipelines;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// The byte pipes of a connection after the 101: the server's own transport pipes when it exposes
/// them (Kestrel does), else pipes over the upgrade stream. <see cref="OwnsPipes"/> says whether
/// completing them is ours to do (stream pipes) or the server's (its transport, which it closes
/// itself when the request ends).
/// </summary>
public readonly record struct UpgradedConnection(PipeReader Input, PipeWriter Output, bool OwnsPipes)
{
    /// <summary>Wraps an upgrade stream (servers without a transport feature, e.g. test hosts).</summary>
    public static UpgradedConnection OverStream(Stream stream) => new(
        PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true, useZeroByteReads: true)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)),
        OwnsPipes: true);
}
