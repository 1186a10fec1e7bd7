using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tiketi.Core.Redis;

namespace Tiketi.Core.Events;

/// <summary>
/// Redis cache of the serialized event list and event detail responses. Invalidation never scans keys: every
/// cached entry's key embeds a version counter (one for all lists, one per event) read <i>before</i> the database
/// query, and invalidating increments the counter — so a response built from data older than the invalidation is
/// written under a key nobody reads any more, and stale entries simply expire.
/// </summary>
public sealed partial class EventCache
{
    /// <summary>TTL of cached lists (REST.md §3.4: 30 s).</summary>
    public static readonly TimeSpan ListTtl = TimeSpan.FromSeconds(30);

    /// <summary>TTL of cached event details (REST.md §3.5: 10 s).</summary>
    public static readonly TimeSpan DetailTtl = TimeSpan.FromSeconds(10);

    private const string ListVersionKey = "events:list:version";

    private readonly RedisStore _redis;
    private readonly ILogger<EventCache> _logger;

    /// <summary>Creates the cache.</summary>
    public EventCache(RedisStore redis, ILogger<EventCache> logger)
    {
        _redis = redis;
        _logger = logger;
    }

    /// <summary>
    /// Makes every cached view of <paramref name="eventId"/> (its detail and every list page) stale. Call after any
    /// change to the event, its ticket stock or its seats (purchase, cancel, expiry, admin edits, status changes).
    /// </summary>
    public async Task InvalidateEventAsync(Guid eventId)
    {
        try
        {
            var batch = _redis.Database.CreateBatch();
            var detail = batch.StringIncrementAsync(EventVersionKey(eventId));
            var expiry = batch.KeyExpireAsync(EventVersionKey(eventId), TimeSpan.FromDays(1));
            var list = batch.StringIncrementAsync(ListVersionKey);
            batch.Execute();
            await Task.WhenAll(detail, expiry, list).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisFailure(e, "invalidate");
        }
    }

    /// <summary>Makes every cached list page stale (event created or deleted).</summary>
    public async Task InvalidateListsAsync()
    {
        try
        {
            await _redis.Database.StringIncrementAsync(ListVersionKey).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisFailure(e, "invalidate");
        }
    }

    /// <summary>
    /// The cached list response for <paramref name="variant"/> (a canonical string of the normalised query), or the
    /// factory's result, which is then cached.
    /// </summary>
    public Task<string> GetOrCreateListAsync(string variant, Func<CancellationToken, Task<string>> factory, CancellationToken cancellationToken) =>
        GetOrCreateAsync(ListVersionKey, version => $"events:v{version}:{variant}", ListTtl, factory!, cancellationToken)!;

    /// <summary>The cached detail response of an event, or the factory's result (null = not found, not cached).</summary>
    public Task<string?> GetOrCreateEventAsync(Guid eventId, Func<CancellationToken, Task<string?>> factory, CancellationToken cancellationToken) =>
        GetOrCreateAsync(EventVersionKey(eventId), version => $"event:{eventId}:v{version}", DetailTtl, factory, cancellationToken);

    private async Task<string?> GetOrCreateAsync(string versionKey, Func<long, string> entryKey, TimeSpan ttl,
        Func<CancellationToken, Task<string?>> factory, CancellationToken cancellationToken)
    {
        string? key = null;
        try
        {
            var db = _redis.Database;
            var version = (long?)await db.StringGetAsync(versionKey).ConfigureAwait(false) ?? 0;
            key = entryKey(version);
            var cached = await db.StringGetAsync(key).ConfigureAwait(false);
            if (cached.HasValue)
            {
                return cached;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The cache is an optimisation: serve from PostgreSQL while Redis is away.
            LogRedisFailure(e, "read");
            return await factory(cancellationToken).ConfigureAwait(false);
        }

        var value = await factory(cancellationToken).ConfigureAwait(false);
        if (value is not null)
        {
            try
            {
                await _redis.Database.StringSetAsync(key, value, ttl).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogRedisFailure(e, "write");
            }
        }

        return value;
    }

    private static string EventVersionKey(Guid eventId) => $"event:{eventId}:version";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event cache {Operation} failed; serving without cache")]
    private partial void LogRedisFailure(Exception exception, string operation);
}
