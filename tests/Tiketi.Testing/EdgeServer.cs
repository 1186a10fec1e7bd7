using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tiketi.Edge;

namespace Tiketi.Testing;

/// <summary>
/// The real edge (EdgeHost, Kestrel) running in-process on a free loopback port with the given settings
/// (the same keys as the environment variables: DATABASE_URL, REDIS_URL, JWT_SECRET, ...).
/// </summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EdgeServer(WebApplication app, Uri baseAddress, CapturedLogs logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client pointed at <see cref="BaseAddress"/>.</summary>
    public HttpClient Client { get; }

    /// <summary>The server's services (to reach Core directly in tests).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Everything the server logged.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>Builds and starts the edge; returns once it listens (migrations and startup data already applied).</summary>
    /// <param name="settings">Configuration keys (as the environment variables).</param>
    /// <param name="environment">Host environment name.</param>
    /// <param name="mapExtra">Extra endpoints for a test (mapped after the real ones).</param>
    /// <param name="services">Test doubles of the app's own seams, registered before the edge's services (whose TryAdd registrations keep them).</param>
    /// <param name="minimumLogLevel">What <see cref="Logs"/> captures.</param>
    public static async Task<EdgeServer> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        string environment = "Production",
        Action<WebApplication>? mapExtra = null,
        Action<IServiceCollection>? services = null,
        LogLevel minimumLogLevel = LogLevel.Debug)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = ExternalProcess.FreePort();
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = [] });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var logs = new CapturedLogs();
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(minimumLogLevel);
            builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
            EdgeHost.ConfigureServices(builder);
            var app = builder.Build();
            EdgeHost.MapEndpoints(app);
            mapExtra?.Invoke(app);
            try
            {
                await app.StartAsync();
            }
            catch (IOException) when (attempt < 3)
            {
                await app.DisposeAsync();
                continue;
            }

            return new EdgeServer(app, new Uri($"http://127.0.0.1:{port}/"), logs);
        }
    }

    /// <summary>Resolves a service of the running server.</summary>
    public T GetRequiredService<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
