using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tiketi.Edge.EngineIO;

/// <summary>Mounts an Engine.IO server on an endpoint route builder.</summary>
public static class MapEngineIoExtensions
{
    /// <summary>
    /// Serves Engine.IO v4 (long-polling and WebSocket) at <paramref name="path"/> (e.g.
    /// <c>"/engine.io/"</c>) for <paramref name="handler"/>. The server closes every session on
    /// <see cref="IHostApplicationLifetime.ApplicationStopping"/>.
    /// </summary>
    public static EngineServer MapEngineIo(this IEndpointRouteBuilder endpoints, string path, IEngineHandler handler, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger<EngineServer>() ?? NullLogger<EngineServer>.Instance;
        var server = new EngineServer(handler, options ?? new EngineOptions(), logger);
        endpoints.MapEngineIo(path, server);
        return server;
    }

    /// <summary>Serves an existing <see cref="EngineServer"/> at <paramref name="path"/>.</summary>
    public static IEndpointConventionBuilder MapEngineIo(this IEndpointRouteBuilder endpoints, string path, EngineServer server)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var lifetime = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>();
        lifetime?.ApplicationStopping.Register(server.Shutdown);
        endpoints.ServiceProvider.GetService<DirectWebSocketAcceptor>()?.Add(path, server);
        var pattern = path.Length > 1 ? path.TrimEnd('/') : path;
        return endpoints.Map(pattern, server.HandleRequestAsync).WithDisplayName("Engine.IO " + pattern);
    }

    /// <summary>
    /// Lets direct WebSocket connects to every Engine.IO path mapped later skip Kestrel's HTTP request handling
    /// (see <see cref="DirectWebSocketAcceptor"/>) on all of this host's endpoints.
    /// </summary>
    public static WebApplicationBuilder UseDirectWebSocketAcceptor(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var acceptor = new DirectWebSocketAcceptor();
        builder.Services.AddSingleton(acceptor);
        builder.WebHost.ConfigureKestrel(options => options.ConfigureEndpointDefaults(listen => listen.Use(acceptor.Wrap)));
        return builder;
    }
}
