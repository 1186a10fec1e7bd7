using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tiketi.Core.WaitingRoom;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// The real edge (EdgeHost on Kestrel, loopback port) with a <see cref="RecordingWaitingRoomNotifier"/> in place of
/// the realtime layer. Several can run on one database and Redis, like a cluster.
/// </summary>
public sealed class WaitingRoomServer : IAsyncDisposable
{
    private readonly EdgeServer _edge;
    private bool _disposed;

    private WaitingRoomServer(EdgeServer edge, RecordingWaitingRoomNotifier notifier)
    {
        _edge = edge;
        Notifier = notifier;
    }

    /// <summary>A client pointed at the server.</summary>
    public HttpClient Client => _edge.Client;

    /// <summary>What this server notified.</summary>
    public RecordingWaitingRoomNotifier Notifier { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _edge.Services;

    /// <summary>This server's admission loop.</summary>
    public WaitingRoomAdmissionService Admission => Services.GetRequiredService<WaitingRoomAdmissionService>();

    /// <summary>Builds and starts a server with <paramref name="settings"/>.</summary>
    public static async Task<WaitingRoomServer> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var notifier = new RecordingWaitingRoomNotifier();
        var edge = await EdgeServer.StartAsync(
            settings, services: services => services.AddSingleton<IWaitingRoomNotifier>(notifier), minimumLogLevel: LogLevel.Warning);
        return new WaitingRoomServer(edge, notifier);
    }

    /// <summary>Stops the server (graceful: its admission loop gives its leases back).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _edge.DisposeAsync();
        Notifier.Dispose();
    }
}
