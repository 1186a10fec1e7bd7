using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tiketi.Core.Events;

/// <summary>
/// Keeps <c>events.status</c> in step with time and stock (DATA.md §2, fixing FLOWS.md defect 16): every few
/// seconds one set-based UPDATE moves <c>upcoming → on_sale</c> at sale start, anything not cancelled →
/// <c>ended</c> at sale end or once the performance date has passed, <c>on_sale ↔ sold_out</c> when nothing is
/// left to buy / stock comes back. Only changed rows are written, and the caches of changed events are
/// invalidated. Safe on several instances: the UPDATE is idempotent and re-checked under row locks.
/// </summary>
public sealed partial class EventStatusUpdater : BackgroundService
{
    private const string UpdateSql = """
        WITH target AS (
            SELECT e.id,
                   CASE
                       WHEN e.event_date < now() OR e.sale_end_date <= now() THEN 'ended'
                       WHEN e.sale_start_date > now() THEN e.status
                       WHEN e.seat_layout_id IS NOT NULL
                            AND EXISTS (SELECT 1 FROM seats s WHERE s.event_id = e.id)
                            AND NOT EXISTS (SELECT 1 FROM seats s WHERE s.event_id = e.id AND s.status = 'available') THEN 'sold_out'
                       WHEN e.seat_layout_id IS NULL
                            AND EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id)
                            AND NOT EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id AND t.available_quantity > 0) THEN 'sold_out'
                       ELSE 'on_sale'
                   END AS status
            FROM events e
            WHERE e.status IN ('upcoming', 'on_sale', 'sold_out')
        )
        UPDATE events e SET status = t.status
        FROM target t
        WHERE e.id = t.id AND e.status <> t.status AND e.status IN ('upcoming', 'on_sale', 'sold_out')
        RETURNING e.id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EventCache _cache;
    private readonly TiketiSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<EventStatusUpdater> _logger;

    /// <summary>Creates the updater.</summary>
    public EventStatusUpdater(NpgsqlDataSource dataSource, EventCache cache, TiketiSettings settings, TimeProvider time, ILogger<EventStatusUpdater> logger)
    {
        _dataSource = dataSource;
        _cache = cache;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Applies the transitions once; returns the ids of events whose status changed.</summary>
    public async Task<IReadOnlyList<Guid>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var changed = new List<Guid>();
        await using (var command = _dataSource.CreateCommand(UpdateSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changed.Add(reader.GetGuid(0));
            }
        }

        foreach (var id in changed)
        {
            await _cache.InvalidateEventAsync(id).ConfigureAwait(false);
        }

        if (changed.Count > 0)
        {
            LogChanged(changed.Count);
        }

        return changed;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.EventStatusInterval, _time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event status updater changed {Count} event(s)")]
    private partial void LogChanged(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event status update failed; retrying on the next tick")]
    private partial void LogFailed(Exception exception);
}
