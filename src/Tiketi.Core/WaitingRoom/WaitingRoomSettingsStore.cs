using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Admin;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Events and their waiting-room settings: PostgreSQL is the source of truth, Redis holds a versioned mirror the
/// Lua scripts read (so a change made on one instance applies cluster-wide at once), and each process caches an
/// event's state for a couple of seconds because every waiting client polls its status about once a second.
/// </summary>
public sealed class WaitingRoomSettingsStore
{
    private const int MaxCachedEvents = 10_000;

    private const string FindSql = """
        SELECT e.status IN ('ended', 'cancelled') OR e.sale_end_date <= now() AS IsClosed,
               s.capacity AS Capacity, s.admission_rate_per_second AS Rate, s.enabled AS Enabled,
               s.paused AS Paused, s.version AS Version
          FROM events e LEFT JOIN event_queue_settings s ON s.event_id = e.id
         WHERE e.id = @eventId
        """;

    private const string UpsertSql = """
        INSERT INTO event_queue_settings (event_id, capacity, admission_rate_per_second, enabled, paused)
        SELECT e.id, COALESCE(@capacity, @defaultCapacity), COALESCE(@rate, @defaultRate), COALESCE(@enabled, TRUE), COALESCE(@paused, FALSE)
          FROM events e WHERE e.id = @eventId
        ON CONFLICT (event_id) DO UPDATE SET
               capacity = COALESCE(@capacity, event_queue_settings.capacity),
               admission_rate_per_second = COALESCE(@rate, event_queue_settings.admission_rate_per_second),
               enabled = COALESCE(@enabled, event_queue_settings.enabled),
               paused = COALESCE(@paused, event_queue_settings.paused),
               version = event_queue_settings.version + 1,
               updated_at = now()
        RETURNING capacity AS Capacity, admission_rate_per_second AS Rate, enabled AS Enabled, paused AS Paused, version AS Version
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly WaitingRoomScripts _scripts;
    private readonly TimeProvider _time;
    private readonly WaitingRoomOptions _options;
    private readonly ConcurrentDictionary<Guid, (QueueEvent? Event, long ExpiresAt)> _cache = new();
    private readonly ConcurrentDictionary<Guid, Lazy<Task<bool>>> _reloads = new();

    internal WaitingRoomSettingsStore(NpgsqlDataSource dataSource, WaitingRoomScripts scripts, TimeProvider time, IOptions<WaitingRoomOptions> options)
    {
        _dataSource = dataSource;
        _scripts = scripts;
        _time = time;
        _options = options.Value;
    }

    /// <summary>The event and its settings, or null when it does not exist. <paramref name="fresh"/> skips the process cache.</summary>
    public async Task<QueueEvent?> FindAsync(Guid eventId, bool fresh, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (!fresh && _cache.TryGetValue(eventId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Event;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition(FindSql, new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var found = row is null ? null : new QueueEvent(eventId, row.IsClosed, row.ToSettings());
        Remember(eventId, found);
        return found;
    }

    /// <summary>
    /// Applies <paramref name="change"/> (values already validated) and mirrors the result into Redis; null when the
    /// event does not exist.
    /// </summary>
    public async Task<WaitingRoomSettings?> UpdateAsync(Guid eventId, WaitingRoomSettingsChange change, AdminActor actor, CancellationToken cancellationToken)
    {
        WaitingRoomSettings? settings;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // The change and its audit entry commit together.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var before = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.QueueSettings, eventId, cancellationToken).ConfigureAwait(false);
            var row = await connection.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition(UpsertSql, new
            {
                eventId,
                capacity = change.Capacity,
                rate = change.AdmissionRatePerSecond,
                enabled = change.Enabled,
                paused = change.Paused,
                defaultCapacity = WaitingRoomSettings.Default.Capacity,
                defaultRate = WaitingRoomSettings.Default.AdmissionRatePerSecond,
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            settings = row?.ToSettings();
            if (settings is not null)
            {
                var after = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.QueueSettings, eventId, cancellationToken).ConfigureAwait(false);
                await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.QueueSettings, "event", eventId, before, after, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _cache.TryRemove(eventId, out _);
        if (settings is not null)
        {
            await _scripts.WriteSettingsAsync(WaitingRoomKeys.For(eventId), settings, _options.SettingsMirrorTtl).ConfigureAwait(false);
        }

        return settings;
    }

    /// <summary>
    /// Writes the audit entry of a clear (the queue lives in Redis, so the entry follows the clear instead of sharing
    /// its transaction); <c>after</c> says how many waiting and active users were removed.
    /// </summary>
    internal async Task RecordClearAsync(Guid eventId, AdminActor actor, (long Waiting, long Active) removed, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var after = JsonSerializer.Serialize(new { waiting = removed.Waiting, active = removed.Active });
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.QueueClear, "event", eventId, null, after, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reloads the event's settings from PostgreSQL into the Redis mirror; false when the event is gone. Concurrent
    /// callers for one event share one reload (a rush's first second would otherwise send thousands of queries).
    /// </summary>
    internal Task<bool> MirrorAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var reload = _reloads.GetOrAdd(eventId, id => new Lazy<Task<bool>>(() => ReloadAsync(id)));
        return reload.Value.WaitAsync(cancellationToken);
    }

    private async Task<bool> ReloadAsync(Guid eventId)
    {
        try
        {
            var found = await FindAsync(eventId, fresh: true, CancellationToken.None).ConfigureAwait(false);
            if (found is null)
            {
                return false;
            }

            await _scripts.WriteSettingsAsync(WaitingRoomKeys.For(eventId), found.Settings, _options.SettingsMirrorTtl).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _reloads.TryRemove(eventId, out _);
        }
    }

    private void Remember(Guid eventId, QueueEvent? found)
    {
        // Random ids must not grow the cache without bound; dropping it all is cheap and rare.
        if (_cache.Count >= MaxCachedEvents)
        {
            _cache.Clear();
        }

        _cache[eventId] = (found, _time.GetTimestamp() + (long)(_options.EventCacheTtl.TotalSeconds * _time.TimestampFrequency));
    }

    private sealed class SettingsRow
    {
        public bool IsClosed { get; set; }

        public int? Capacity { get; set; }

        public int? Rate { get; set; }

        public bool? Enabled { get; set; }

        public bool? Paused { get; set; }

        public long? Version { get; set; }

        public WaitingRoomSettings ToSettings() => Capacity is null
            ? WaitingRoomSettings.Default
            : new WaitingRoomSettings(Capacity.Value, Rate!.Value, Enabled!.Value, Paused!.Value, Version!.Value);
    }
}
