using Microsoft.AspNetCore.Http.Json;
using Tiketi.Admin;
using Tiketi.Core;
using Tiketi.Core.Json;
using Tiketi.Edge.Api;
using Tiketi.Edge.Cluster;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.Realtime;

namespace Tiketi.Edge;

/// <summary>Composition of the edge: services and endpoints, shared by Program and the tests.</summary>
public static class EdgeHost
{
    /// <summary>Where the edge listens when neither --urls nor ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:3001";

    /// <summary>
    /// Registers the edge's services. Reads DATABASE_URL, REDIS_URL, JWT_SECRET, ADMIN_EMAIL/ADMIN_PASSWORD,
    /// TIKETI_DEMO_DATA and TIKETI_RATE_LIMITS from configuration; throws a clear error when a required one is
    /// missing outside Development.
    /// </summary>
    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Kestrel's socket continuations run on the thread that completed them instead of hopping to its IO queues:
        // a broadcast's socket writes then happen inside the drain that wrote the frames (~40 % less server CPU per
        // delivered event in `bench realtime`). Socket completions still arrive on thread-pool threads, so app code
        // never runs on the epoll thread. Tiketi__Edge__InlineScheduling=false restores the hop.
        var inline = builder.Configuration.GetValue("Tiketi:Edge:InlineScheduling", true);
        builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = inline);
        // Direct WebSocket connects (every buyer's socket) skip Kestrel's HTTP request handling.
        builder.UseDirectWebSocketAcceptor();
        builder.Services.AddTiketiCore(builder.Configuration, builder.Environment.IsDevelopment());
        builder.Services.AddTiketiRealtime(builder.Configuration);
        // SIGTERM: transports are closed at once (clients reconnect elsewhere); in-flight requests get this long.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddAdminApi();
        builder.Services.Configure<JsonOptions>(options => ContractJson.Apply(options.SerializerOptions));
        // Binding failures (bad JSON, non-UUID ids) throw so ApiErrorMiddleware can answer in the contract's shape.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<AuthRateLimiter>();
        builder.Services.AddOpenApi();
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => ConfigureCors(policy, builder)));
    }

    /// <summary>Installs middleware and maps every endpoint.</summary>
    public static void MapEndpoints(WebApplication app)
    {
        app.UseBalancerForwarding();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseCors();
        FrontendHosting.Use(app);
        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapUserApi();
        app.MapRealtime();
        app.MapAdminApi(static async context =>
        {
            var (user, error) = await CurrentUser.AuthenticateAsync(context, requireAdmin: true);
            return user is null ? AdminAuthentication.Rejected(error!) : AdminAuthentication.Accepted(user.Id, user.Email);
        });
    }

    /// <summary>
    /// REST CORS (REST.md §1.2) without the original's allow-everything (FLOWS.md defect 37), for the origins of
    /// <see cref="BrowserOrigins"/> (the same as Socket.IO's long-polling CORS, so the unchanged client works out of
    /// the box in any environment). Serving the built frontend from the same origin needs none.
    /// </summary>
    private static void ConfigureCors(Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder policy, WebApplicationBuilder builder)
    {
        var origins = BrowserOrigins.From(builder.Configuration, builder.Environment.IsDevelopment());
        if (origins.Contains(BrowserOrigins.Any))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. origins]);
        }

        policy.WithMethods("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE").WithHeaders("Authorization", "Content-Type");
    }
}
