using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tiketi.Core.WaitingRoom;
using Tiketi.Edge;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// The real edge (EdgeHost on Kestrel, loopback port) with a <see cref="RecordingWaitingRoomNotifier"/> in place of
/// the realtime layer. Several can run on one database and Redis, like a cluster.
/// </summary>
public sealed class WaitingRoomServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private WaitingRoomServer(WebApplication app, Uri baseAddress, RecordingWaitingRoomNotifier notifier)
    {
        _app = app;
        Notifier = notifier;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>A client pointed at the server.</summary>
    public HttpClient Client { get; }

    /// <summary>What this server notified.</summary>
    public RecordingWaitingRoomNotifier Notifier { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>This server's admission loop.</summary>
    public WaitingRoomAdmissionService Admission => Services.GetRequiredService<WaitingRoomAdmissionService>();

    /// <summary>Builds and starts a server with <paramref name="settings"/>.</summary>
    public static async Task<WaitingRoomServer> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = ExternalProcess.FreePort();
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var notifier = new RecordingWaitingRoomNotifier();
            builder.Services.AddSingleton<IWaitingRoomNotifier>(notifier);
            EdgeHost.ConfigureServices(builder);
            var app = builder.Build();
            EdgeHost.MapEndpoints(app);
            try
            {
                await app.StartAsync();
            }
            catch (IOException) when (attempt < 3)
            {
                await app.DisposeAsync();
                continue;
            }

            return new WaitingRoomServer(app, new Uri($"http://127.0.0.1:{port}/"), notifier);
        }
    }

    /// <summary>Stops the server (graceful: its admission loop gives its leases back).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Notifier.Dispose();
    }
}
