using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Tiketi.Core.Users;

/// <summary>
/// Existence and role of users for authorization, read from PostgreSQL through a short in-process cache, so a
/// deleted user or a demoted admin loses access within seconds (never trusting the token's role) without a
/// database round trip on every request.
/// </summary>
public sealed class UserDirectory
{
    /// <summary>How long a lookup (including "no such user") is reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 100_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Guid, Entry> _cache = new();

    /// <summary>Creates the directory.</summary>
    public UserDirectory(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <summary>The user's current identity, or null when no such user exists.</summary>
    public async ValueTask<UserIdentity?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_cache.TryGetValue(userId, out var cached) && _time.GetElapsedTime(cached.ReadAt, now) < CacheDuration)
        {
            return cached.Identity;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var identity = await connection.QuerySingleOrDefaultAsync<UserIdentity>(new CommandDefinition(
            "SELECT id, email, role FROM users WHERE id = @userId", new { userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[userId] = new Entry(identity, now);
        return identity;
    }

    /// <summary>Drops the cached entry (after a role change or deletion made by this process).</summary>
    public void Forget(Guid userId) => _cache.TryRemove(userId, out _);

    private readonly record struct Entry(UserIdentity? Identity, long ReadAt);
}
