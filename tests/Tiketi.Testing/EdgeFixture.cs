using Xunit;

namespace Tiketi.Testing;

/// <summary>
/// Class fixture: a fresh PostgreSQL database, a private Redis logical database and a running edge on them.
/// Derive and override <see cref="ExtraSettings"/> to change settings (e.g. enable demo data or rate limits).
/// </summary>
public class EdgeFixture : IAsyncLifetime
{
    /// <summary>The JWT secret the fixture's server signs with (tests can forge tokens with it or another one).</summary>
    public const string JwtSecret = "test-secret-that-is-long-enough-for-hs256-0123456789";

    private EdgeServer? _server;
    private TiketiInfrastructure? _infrastructure;

    /// <summary>The running edge.</summary>
    public EdgeServer Server => _server ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>The shared servers.</summary>
    public TiketiInfrastructure Infrastructure => _infrastructure ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>This fixture's DATABASE_URL.</summary>
    public string DatabaseUrl { get; private set; } = string.Empty;

    /// <summary>This fixture's REDIS_URL.</summary>
    public string RedisUrl { get; private set; } = string.Empty;

    /// <summary>This fixture's Redis logical database.</summary>
    public int RedisDatabase { get; private set; }

    /// <summary>The settings the server was started with.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Settings added to (or overriding) the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Extra endpoints a test class needs (e.g. a probe behind RequireUser).</summary>
    protected virtual void MapExtra(Microsoft.AspNetCore.Builder.WebApplication app)
    {
    }

    /// <summary>Environment name of the server.</summary>
    protected virtual string Environment => "Production";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _infrastructure = await TiketiInfrastructure.GetAsync();
        DatabaseUrl = await _infrastructure.Postgres.CreateDatabaseAsync();
        RedisDatabase = _infrastructure.NextRedisDatabase();
        RedisUrl = _infrastructure.Redis.UrlFor(RedisDatabase);
        var settings = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = DatabaseUrl,
            ["REDIS_URL"] = RedisUrl,
            ["JWT_SECRET"] = JwtSecret,
            ["ADMIN_EMAIL"] = "admin@tiketi.gg",
            ["ADMIN_PASSWORD"] = "admin123",
            ["TIKETI_RATE_LIMITS"] = "off",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        Settings = settings;
        _server = await EdgeServer.StartAsync(settings, Environment, MapExtra);
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
