using Dapper;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Core.IntegrationTests.Admin;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// A fresh database and Redis logical database with one running <see cref="WaitingRoomServer"/>; derived fixtures
/// change the waiting-room settings. <see cref="StartInstanceAsync"/> adds more instances on the same stores.
/// </summary>
public class WaitingRoomFixture : IAsyncLifetime
{
    private readonly List<WaitingRoomServer> _instances = [];
    private WaitingRoomServer? _server;

    /// <summary>The first server.</summary>
    public WaitingRoomServer Server => _server ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>The settings every instance starts with.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The shared PostgreSQL and Redis servers.</summary>
    public TiketiInfrastructure Infrastructure { get; private set; } = null!;

    /// <summary>This fixture's Redis logical database.</summary>
    public int RedisDatabase { get; private set; }

    /// <summary>The store's data source.</summary>
    public NpgsqlDataSource Database => (NpgsqlDataSource)Server.Services.GetService(typeof(NpgsqlDataSource))!;

    /// <summary>Waiting-room settings of this fixture (added to the defaults).</summary>
    protected virtual Dictionary<string, string?> WaitingRoomSettings => new()
    {
        ["Tiketi:WaitingRoom:AdmissionEnabled"] = "false",
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var infrastructure = Infrastructure = await TiketiInfrastructure.GetAsync();
        Settings["DATABASE_URL"] = await infrastructure.Postgres.CreateDatabaseAsync();
        RedisDatabase = infrastructure.NextRedisDatabase();
        Settings["REDIS_URL"] = infrastructure.Redis.UrlFor(RedisDatabase);
        Settings["JWT_SECRET"] = EdgeFixture.JwtSecret;
        Settings["ADMIN_EMAIL"] = "admin@tiketi.gg";
        Settings["ADMIN_PASSWORD"] = "admin123";
        Settings["TIKETI_RATE_LIMITS"] = "off";
        Settings["Tiketi:Holds:ExpiryEnabled"] = "false";
        Settings["Tiketi:Holds:MaxSeatsPerUserPerEvent"] = "4";
        Settings["Tiketi:Payments:Simulated:MinLatency"] = "00:00:00";
        Settings["Tiketi:Payments:Simulated:MaxLatency"] = "00:00:00";
        Settings["Tiketi:Payments:Simulated:FailureRate"] = "0";
        Settings["Tiketi:WaitingRoom:TickInterval"] = "00:00:00.050";
        Settings["Tiketi:WaitingRoom:QueueUpdateInterval"] = "00:00:00.100";
        foreach (var (key, value) in WaitingRoomSettings)
        {
            Settings[key] = value;
        }

        _server = await StartInstanceAsync();
    }

    /// <summary>Starts one more instance on the same database and Redis (overriding some settings if given).</summary>
    public async Task<WaitingRoomServer> StartInstanceAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var server = await WaitingRoomServer.StartAsync(settings);
        lock (_instances)
        {
            _instances.Add(server);
        }

        return server;
    }

    /// <summary>Creates <paramref name="count"/> users with tokens.</summary>
    public async Task<TestUser[]> UsersAsync(int count, string role = "user")
    {
        var tokens = (AccessTokens)Server.Services.GetService(typeof(AccessTokens))!;
        await using var connection = await Database.OpenConnectionAsync();
        var ids = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO users (email, password_hash, name, role)
            SELECT 'waiter-' || gen_random_uuid() || '@test.tiketi', 'x', '대기자', @role FROM generate_series(1, @count)
            RETURNING id
            """,
            new { count, role })).ToArray();
        return [.. ids.Select(id => new TestUser(id, tokens.Issue(id, $"{id}@test.tiketi", role)))];
    }

    /// <summary>An administrator.</summary>
    public async Task<TestUser> AdminAsync() => (await UsersAsync(1, "admin"))[0];

    /// <summary>
    /// An event in <paramref name="status"/> (sale window around now, or ended) with <paramref name="seats"/> seats and
    /// one ticket type of 1,000 tickets, and, when given, stored waiting-room settings.
    /// </summary>
    public async Task<TestEvent> EventAsync(int? capacity = null, int? rate = null, bool? paused = null, bool? enabled = null, int seats = 0, string status = "on_sale")
    {
        var ended = status == "ended";
        await using var connection = await Database.OpenConnectionAsync();
        var eventId = await connection.ExecuteScalarAsync<Guid>(
            $"""
            INSERT INTO events (title, venue, event_date, sale_start_date, sale_end_date, status)
            VALUES ('대기열 공연', '테스트홀', now() + interval '30 days', now() - interval '{(ended ? "2 days" : "1 hour")}',
                    now() + interval '{(ended ? "-1 day" : "1 day")}', @status)
            RETURNING id
            """,
            new { status });
        var seatIds = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO seats (event_id, section, row_number, seat_number, seat_label, price)
            SELECT @eventId, 'A', 1, n, 'A-1-' || n, 100000 FROM generate_series(1, @seats) AS n ORDER BY n
            RETURNING id
            """,
            new { eventId, seats })).ToArray();
        var ticketType = await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity) VALUES (@eventId, '일반석', 50000, 1000, 1000) RETURNING id",
            new { eventId });
        if (capacity is not null || rate is not null || paused is not null || enabled is not null)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO event_queue_settings (event_id, capacity, admission_rate_per_second, enabled, paused)
                VALUES (@eventId, COALESCE(@capacity, 500), COALESCE(@rate, 50), COALESCE(@enabled, TRUE), COALESCE(@paused, FALSE))
                """,
                new { eventId, capacity, rate, enabled, paused });
        }

        return new TestEvent(eventId, seatIds, [ticketType]);
    }

    /// <summary>A REST client of <paramref name="server"/> (default: the first) acting as <paramref name="user"/>.</summary>
    public AdminClient ClientFor(TestUser? user, WaitingRoomServer? server = null) => new((server ?? Server).Client, user?.Token);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        WaitingRoomServer[] instances;
        lock (_instances)
        {
            instances = [.. _instances];
        }

        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }
}
