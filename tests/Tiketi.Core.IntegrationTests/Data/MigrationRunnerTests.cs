using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tiketi.Core.Data;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Data;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private TiketiInfrastructure _infrastructure = null!;

    public async Task InitializeAsync() => _infrastructure = await TiketiInfrastructure.GetAsync();

    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }

    [Fact]
    public async Task Empty_database_gets_every_migration_once()
    {
        var db = await NewDatabaseAsync();

        var first = await Runner(db).RunAsync(CancellationToken.None);
        var second = await Runner(db).RunAsync(CancellationToken.None);

        Assert.Equal("0001", MigrationRunner.Embedded[0].Version);
        Assert.Equal("initial_schema", MigrationRunner.Embedded[0].Name);
        Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version), first);
        Assert.Empty(second);
        await using var connection = await db.OpenConnectionAsync();
        var recorded = await connection.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version");
        Assert.Equal(first, recorded);
    }

    [Fact]
    public async Task Fresh_schema_uses_timestamptz_and_core_uuid_defaults()
    {
        var db = await NewDatabaseAsync();
        await Runner(db).RunAsync(CancellationToken.None);

        await using var connection = await db.OpenConnectionAsync();
        var naive = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'timestamp without time zone'");
        var idDefaults = (await connection.QueryAsync<string>(
            "SELECT DISTINCT column_default FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id'")).ToList();
        Assert.Equal(0, naive);
        Assert.Equal(["gen_random_uuid()"], idDefaults);
    }

    [Fact]
    public async Task Concurrent_runners_apply_each_migration_exactly_once()
    {
        var db = await NewDatabaseAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Runner(db).RunAsync(CancellationToken.None))));

        Assert.Equal(MigrationRunner.Embedded.Count, results.Sum(r => r.Count));
        await using var connection = await db.OpenConnectionAsync();
        Assert.Equal(MigrationRunner.Embedded.Count, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Old_backend_database_is_upgraded_in_place_to_the_fresh_schema()
    {
        var fresh = await NewDatabaseAsync();
        await Runner(fresh).RunAsync(CancellationToken.None);
        var old = await NewDatabaseAsync();
        await using (var connection = await old.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(OldSchema());
            await connection.ExecuteAsync("""
                INSERT INTO users (id, email, password_hash, name, role, created_at, updated_at)
                VALUES ('11111111-1111-1111-1111-111111111111', 'kim@example.com', 'x', '김철수', NULL, '2025-01-02 09:30:00', '2025-01-02 09:30:00');
                INSERT INTO seat_layouts (id, name, total_seats, layout_config) VALUES
                    ('22222222-2222-2222-2222-222222222222', 'small_theater', 265, '{"sections":[]}');
                INSERT INTO events (id, title, venue, event_date, sale_start_date, sale_end_date, status, seat_layout_id)
                VALUES ('33333333-3333-3333-3333-333333333333', '콘서트', '올림픽공원', '2024-12-31 19:00:00', '2024-12-01 10:00:00',
                        '2024-12-30 23:59:00', 'on_sale', '22222222-2222-2222-2222-222222222222');
                INSERT INTO ticket_types (id, event_id, name, price, total_quantity, available_quantity) VALUES
                    ('44444444-4444-4444-4444-444444444444', '33333333-3333-3333-3333-333333333333', 'VIP석', 150000, 100, 95),
                    ('55555555-5555-5555-5555-555555555555', '33333333-3333-3333-3333-333333333333', '일반석', 50000, 10, 12),
                    ('66666666-6666-6666-6666-666666666666', '33333333-3333-3333-3333-333333333333', '입석', 10000, 10, -3);
                INSERT INTO seats (id, event_id, section, row_number, seat_number, seat_label, price)
                VALUES ('77777777-7777-7777-7777-777777777777', '33333333-3333-3333-3333-333333333333', 'VIP', 1, 1, 'VIP-1-1', 150000);
                INSERT INTO reservations (id, user_id, event_id, reservation_number, total_amount, expires_at, created_at)
                VALUES ('88888888-8888-8888-8888-888888888888', '11111111-1111-1111-1111-111111111111', '33333333-3333-3333-3333-333333333333',
                        'TK1731234567890K3J9Q', 150000, '2024-12-05 12:05:00', '2024-12-05 12:00:00');
                INSERT INTO reservation_items (reservation_id, seat_id, quantity, unit_price, subtotal)
                VALUES ('88888888-8888-8888-8888-888888888888', '77777777-7777-7777-7777-777777777777', 1, 150000, 150000);
                """);
        }

        var applied = await Runner(old).RunAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version), applied);
        var freshSchema = await SchemaSnapshot.TakeAsync(fresh);
        Assert.Contains("trigger events.events_set_updated_at tiketi_set_updated_at", freshSchema);
        Assert.Contains(freshSchema, line => line.Contains("idx_reservations_pending_expires_at", StringComparison.Ordinal) && line.Contains("WHERE", StringComparison.Ordinal));
        Assert.Contains(freshSchema, line => line.StartsWith("column events.event_date timestamp with time zone", StringComparison.Ordinal));
        Assert.Equal(freshSchema, await SchemaSnapshot.TakeAsync(old));
        await using var check = await old.OpenConnectionAsync();
        var eventDate = await check.ExecuteScalarAsync<DateTime>("SELECT event_date FROM events");
        Assert.Equal(new DateTime(2024, 12, 31, 10, 0, 0, DateTimeKind.Utc), eventDate);
        var userCreated = await check.ExecuteScalarAsync<DateTime>("SELECT created_at FROM users");
        Assert.Equal(new DateTime(2025, 1, 2, 0, 30, 0, DateTimeKind.Utc), userCreated);
        var expires = await check.ExecuteScalarAsync<DateTime>("SELECT expires_at FROM reservations");
        Assert.Equal(new DateTime(2024, 12, 5, 3, 5, 0, DateTimeKind.Utc), expires);
        Assert.Equal("user", await check.ExecuteScalarAsync<string>("SELECT role FROM users"));
        var stock = (await check.QueryAsync<(string Name, int Total, int Available)>(
            "SELECT name, total_quantity, available_quantity FROM ticket_types ORDER BY price DESC")).ToList();
        Assert.Equal([("VIP석", 100, 95), ("일반석", 10, 10), ("입석", 10, 0)], stock);
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM reservation_items WHERE seat_id = '77777777-7777-7777-7777-777777777777'"));
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM seats"));
    }

    [Fact]
    public async Task Updated_at_is_maintained_by_the_trigger()
    {
        var db = await NewDatabaseAsync();
        await Runner(db).RunAsync(CancellationToken.None);
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync("INSERT INTO users (email, password_hash, name, updated_at) VALUES ('a@b.c', 'x', 'A', '2000-01-01Z')");

        await connection.ExecuteAsync("UPDATE users SET name = 'B'");

        var updated = await connection.ExecuteScalarAsync<DateTime>("SELECT updated_at FROM users");
        Assert.True(updated > new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Stock_check_rejects_negative_or_excess_availability()
    {
        var db = await NewDatabaseAsync();
        await Runner(db).RunAsync(CancellationToken.None);
        await using var connection = await db.OpenConnectionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO ticket_types (name, price, total_quantity, available_quantity) VALUES ('x', 1, 5, 6)"));
        Assert.Equal("ticket_types_quantity_check", error.ConstraintName);
    }

    private async Task<NpgsqlDataSource> NewDatabaseAsync()
    {
        var url = await _infrastructure.Postgres.CreateDatabaseAsync();
        var source = NpgsqlDataSource.Create(DatabaseUrl.ToConnectionString(url));
        _sources.Add(source);
        return source;
    }

    private static MigrationRunner Runner(NpgsqlDataSource db) => new(db, NullLogger<MigrationRunner>.Instance);

    private static string OldSchema()
    {
        var assembly = typeof(MigrationRunnerTests).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("old_backend_init.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
