using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Edge;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>
/// The real edge (EdgeHost on Kestrel, fresh PostgreSQL database, private Redis database) with two of the app's own
/// seams recorded: the <see cref="ITicketingNotifier"/> (what sockets would be told) and the
/// <see cref="IPaymentProvider"/> (charges succeed instantly; refunds are recorded). Registered before
/// <see cref="EdgeHost.ConfigureServices"/>, whose TryAdd registrations then keep them. No background expiry.
/// </summary>
public class AdminFixture : IAsyncLifetime
{
    private EdgeServer? _server;

    /// <summary>Notifications raised by the server.</summary>
    public RecordingNotifier Notifier { get; } = new();

    /// <summary>Charges and refunds made by the server.</summary>
    public RecordingPaymentProvider Payments { get; } = new();

    /// <summary>Everything the server logged (warnings and errors explain a failing test).</summary>
    public CapturedLogs Logs => _server?.Logs ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>A client pointed at the server.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _server?.Services ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>Rows created straight in the server's database.</summary>
    public AdminCatalog Catalog => new(Services.GetRequiredService<NpgsqlDataSource>(), Services.GetRequiredService<AccessTokens>());

    /// <summary>A client acting as <paramref name="token"/>'s user (no token: anonymous).</summary>
    public AdminClient ClientFor(string? token) => new(Http, token);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var infrastructure = await TiketiInfrastructure.GetAsync();
        var settings = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["REDIS_URL"] = infrastructure.Redis.UrlFor(infrastructure.NextRedisDatabase()),
            ["JWT_SECRET"] = EdgeFixture.JwtSecret,
            ["TIKETI_RATE_LIMITS"] = "off",
            ["Tiketi:Holds:ExpiryEnabled"] = "false",
            ["Tiketi:Holds:MaxSeatsPerUserPerEvent"] = "4",
            ["Tiketi:Holds:MaxTicketsPerPurchase"] = "10",
        };
        _server = await EdgeServer.StartAsync(settings, services: services =>
        {
            services.AddSingleton<ITicketingNotifier>(Notifier);
            services.AddSingleton<IPaymentProvider>(Payments);
        }, minimumLogLevel: LogLevel.Warning);
        Http = _server.Client;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
