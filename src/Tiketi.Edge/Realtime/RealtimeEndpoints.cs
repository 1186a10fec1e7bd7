using Microsoft.Extensions.DependencyInjection.Extensions;
using Tiketi.Core.Notifications;
using Tiketi.Core.WaitingRoom;
using Tiketi.Edge.Api;
using Tiketi.Edge.Cluster;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Realtime;

/// <summary>Registration and mapping of the realtime layer (Socket.IO at <c>/socket.io/</c> with the Redis cluster relay).</summary>
public static class RealtimeEndpoints
{
    /// <summary>The path the client connects to (REALTIME.md §1).</summary>
    public const string Path = "/socket.io/";

    /// <summary>Largest Engine.IO payload, and the most a packet's binary attachments may add up to.</summary>
    public const int MaxPayload = 1_000_000;

    /// <summary>
    /// Adds the Socket.IO server with the Redis relay and cluster room counts, the ticketing socket
    /// handlers, and the realtime implementations of Core's notifiers (replacing the logging defaults,
    /// not a notifier registered explicitly before).
    /// Call after <c>AddTiketiCore</c>.
    /// </summary>
    public static IServiceCollection AddTiketiRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<RedisBroadcastRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisBroadcastRelay>());
        // Broadcasts to a busy room within Tiketi:Realtime:BroadcastWindowMs go out together (0 = each at once).
        services.AddSingleton(sp => new SocketIoServer(
            new SocketIoServerOptions
            {
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                BroadcastWindow = TimeSpan.FromMilliseconds(configuration.GetValue("Tiketi:Realtime:BroadcastWindowMs", 25)),
                // Tiketi's client events carry no binary; one payload's worth bounds what a socket can make us hold.
                MaxAttachmentBytes = MaxPayload,
            },
            sp.GetRequiredService<RedisBroadcastRelay>(),
            sp.GetRequiredService<ILogger<SocketIoServer>>()));
        services.AddSingleton<ClusterRoomCounts>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterRoomCounts>());
        services.AddSingleton<Tiketi.Core.Admin.IEventAudience, ClusterEventAudience>();
        services.AddSingleton<SocketAuthentication>();
        services.AddSingleton<KnownEvents>();
        services.AddSingleton<RealtimeSessions>();
        services.AddSingleton<TicketingSocketHandlers>();
        services.AddSingleton<RealtimeTicketingNotifier>();
        services.AddSingleton<QueuePositionPusher>();
        services.AddHostedService(sp => sp.GetRequiredService<QueuePositionPusher>());
        services.AddSingleton<RealtimeWaitingRoomNotifier>();
        ReplaceLoggingDefault<ITicketingNotifier, LoggingTicketingNotifier>(services, sp => sp.GetRequiredService<RealtimeTicketingNotifier>());
        ReplaceLoggingDefault<IWaitingRoomNotifier, LoggingWaitingRoomNotifier>(services, sp => sp.GetRequiredService<RealtimeWaitingRoomNotifier>());
        return services;
    }

    /// <summary>
    /// Puts the realtime implementation in place of Core's logging default; a notifier someone
    /// registered explicitly before (e.g. a test's recorder) is kept.
    /// </summary>
    private static void ReplaceLoggingDefault<TService, TLoggingDefault>(IServiceCollection services, Func<IServiceProvider, TService> realtime)
        where TService : class
    {
        var current = services.LastOrDefault(d => d.ServiceType == typeof(TService));
        if (current is not null && current.ImplementationType != typeof(TLoggingDefault))
        {
            return;
        }

        services.RemoveAll<TService>();
        services.AddSingleton(realtime);
    }

    /// <summary>
    /// Serves Socket.IO at <see cref="Path"/> with the contract's heartbeat (25 s / 60 s, or
    /// <c>Tiketi:Realtime:PingIntervalMs</c> / <c>PingTimeoutMs</c>) and long-polling CORS for
    /// the <see cref="BrowserOrigins"/> (by default the client's dev server on :3000). On shutdown every transport is
    /// closed so clients reconnect to another instance.
    /// </summary>
    public static EngineServer MapRealtime(this WebApplication app)
    {
        var configuration = app.Configuration;
        var server = app.Services.GetRequiredService<SocketIoServer>();
        app.Services.GetRequiredService<TicketingSocketHandlers>().Register(server);
        var options = new EngineOptions
        {
            PingInterval = configuration.GetValue("Tiketi:Realtime:PingIntervalMs", 25000),
            PingTimeout = configuration.GetValue("Tiketi:Realtime:PingTimeoutMs", 60000),
            MaxPayload = MaxPayload,
            MaxSessions = configuration.GetValue("Tiketi:Realtime:MaxSessions", new EngineOptions().MaxSessions),
        };
        // The same origins as REST CORS.
        foreach (var origin in BrowserOrigins.From(configuration, app.Environment.IsDevelopment()))
        {
            options.CorsOrigins.Add(origin);
        }

        return app.MapEngineIo(Path, server, options);
    }
}
