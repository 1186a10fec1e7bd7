namespace Tiketi.LoadTests;

/// <summary>
/// Receives what a <see cref="BenchClient"/> reads. Called on the client's receive loop, so
/// implementations must be quick, thread-safe and allocation-free.
/// </summary>
internal interface IBenchEventSink
{
    /// <summary>A Socket.IO EVENT packet's body: the JSON array after "42" (no namespace, no ack id).</summary>
    void OnEvent(BenchClient client, ReadOnlySpan<byte> eventArray);

    /// <summary>The connection ended for <paramref name="reason"/> (not called for <see cref="BenchClient.Dispose"/>).</summary>
    void OnClosed(BenchClient client, string reason);
}
