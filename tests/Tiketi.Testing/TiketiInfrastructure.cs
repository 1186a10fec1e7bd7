namespace Tiketi.Testing;

/// <summary>
/// One PostgreSQL cluster and one Redis server per test assembly (started on first use, stopped at process exit).
/// Each test class takes a fresh database (<see cref="PostgresServer.CreateDatabaseAsync"/>) and its own Redis
/// logical database (<see cref="NextRedisDatabase"/>), so classes can run in parallel.
/// </summary>
public sealed class TiketiInfrastructure
{
    private static readonly Lazy<Task<TiketiInfrastructure>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private int _nextRedisDatabase;

    private TiketiInfrastructure(PostgresServer postgres, RedisServer redis)
    {
        Postgres = postgres;
        Redis = redis;
    }

    /// <summary>The shared PostgreSQL cluster.</summary>
    public PostgresServer Postgres { get; }

    /// <summary>The shared Redis server.</summary>
    public RedisServer Redis { get; }

    /// <summary>The assembly's shared servers, starting them on first call.</summary>
    public static Task<TiketiInfrastructure> GetAsync() => Shared.Value;

    /// <summary>A Redis logical database no other fixture in this process uses (wraps after <see cref="RedisServer.Databases"/>).</summary>
    public int NextRedisDatabase() => Interlocked.Increment(ref _nextRedisDatabase) % RedisServer.Databases;

    private static async Task<TiketiInfrastructure> StartAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        return new TiketiInfrastructure(await postgres, await redis);
    }
}
