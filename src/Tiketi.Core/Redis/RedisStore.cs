using System.Reflection;
using StackExchange.Redis;

namespace Tiketi.Core.Redis;

/// <summary>
/// The process's one Redis connection (StackExchange.Redis multiplexes every command over it).
/// Everything in Core talks to Redis through this type so the client library stays replaceable.
/// </summary>
public sealed class RedisStore : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;

    private RedisStore(ConnectionMultiplexer connection) => _connection = connection;

    /// <summary>The default database (selected by the URL's <c>/db</c> part).</summary>
    public IDatabase Database => _connection.GetDatabase();

    /// <summary>Pub/sub for cluster relay and invalidation messages.</summary>
    public ISubscriber Subscriber => _connection.GetSubscriber();

    /// <summary>The underlying multiplexer, for the rare caller that needs server-level commands.</summary>
    public IConnectionMultiplexer Connection => _connection;

    /// <summary>Whether at least one connection to the server is up.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>Connects (without failing when Redis is not up yet; commands fail until it is).</summary>
    public static async Task<RedisStore> ConnectAsync(ConfigurationOptions options)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        return new RedisStore(connection);
    }

    /// <summary>Connects synchronously; used by the DI container, which has no async factories.</summary>
    public static RedisStore Connect(ConfigurationOptions options) => new(ConnectionMultiplexer.Connect(options));

    /// <summary>
    /// Loads a Lua script embedded in <paramref name="assembly"/> (default: Tiketi.Core) whose resource name ends
    /// with <paramref name="fileName"/> (e.g. <c>"SeatHold.lua"</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No such embedded resource.</exception>
    public RedisScript LoadScript(string fileName, Assembly? assembly = null)
    {
        assembly ??= typeof(RedisStore).Assembly;
        var resource = assembly.GetManifestResourceNames()
            .SingleOrDefault(name => name.EndsWith("." + fileName, StringComparison.Ordinal) || name == fileName)
            ?? throw new InvalidOperationException($"Embedded Lua script '{fileName}' not found in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new RedisScript(this, fileName, reader.ReadToEnd());
    }

    /// <summary>Round-trips a PING; false when Redis is unreachable.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            await Database.PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync().ConfigureAwait(false);
        _connection.Dispose();
    }
}
