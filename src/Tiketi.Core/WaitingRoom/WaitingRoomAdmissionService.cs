using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// The admission loop. Every instance runs this service; per event exactly one of them holds the Redis lease and
/// admits (the others keep trying to take the lease, so one of them takes over within <see
/// cref="WaitingRoomOptions.LeaseTtl"/> when the holder dies, at once when it shuts down cleanly). Each tick it scans
/// the set of events with waiting users, admits from the front at the configured rate while active &lt; capacity,
/// tells the admitted users and, throttled, the waiting room.
/// </summary>
public sealed partial class WaitingRoomAdmissionService : BackgroundService
{
    private readonly WaitingRoom _room;
    private readonly IWaitingRoomNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly WaitingRoomOptions _options;
    private readonly ILogger<WaitingRoomAdmissionService> _logger;
    private readonly Dictionary<Guid, EventAdmission> _events = [];
    private readonly HashSet<Guid> _seen = [];

    /// <summary>Creates the loop.</summary>
    public WaitingRoomAdmissionService(WaitingRoom room, IWaitingRoomNotifier notifier, TimeProvider time,
        IOptions<WaitingRoomOptions> options, ILogger<WaitingRoomAdmissionService> logger)
    {
        _room = room;
        _notifier = notifier;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>This process's lease owner id (distinct per service instance).</summary>
    public string Owner { get; } = Environment.MachineName + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Events whose admission lease this instance holds right now.</summary>
    public IReadOnlyCollection<Guid> LeasedEvents
    {
        get
        {
            lock (_events)
            {
                return [.. _events.Where(e => e.Value.Lease is not null).Select(e => e.Key)];
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.AdmissionEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.TickInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await ReleaseAllAsync().ConfigureAwait(false);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var eventIds = await _room.EventsWithQueuesAsync().ConfigureAwait(false);
        _seen.Clear();
        foreach (var eventId in eventIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _seen.Add(eventId);
            EventAdmission? state;
            lock (_events)
            {
                if (!_events.TryGetValue(eventId, out state))
                {
                    state = new EventAdmission();
                    _events.Add(eventId, state);
                }
            }

            try
            {
                await StepAsync(eventId, state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogStepFailed(e, eventId);
            }
        }

        // Events whose queue emptied: give their leases back and forget them.
        List<(Guid, EventAdmission)>? finished = null;
        lock (_events)
        {
            foreach (var (eventId, state) in _events)
            {
                if (!_seen.Contains(eventId))
                {
                    (finished ??= []).Add((eventId, state));
                }
            }

            if (finished is not null)
            {
                foreach (var (eventId, _) in finished)
                {
                    _events.Remove(eventId);
                }
            }
        }

        if (finished is not null)
        {
            foreach (var (_, state) in finished)
            {
                await ReleaseAsync(state).ConfigureAwait(false);
            }
        }
    }

    private async Task StepAsync(Guid eventId, EventAdmission state, CancellationToken cancellationToken)
    {
        if (state.Lease is null)
        {
            var lease = await _room.TryAcquireLeaseAsync(eventId, Owner, _options.LeaseTtl).ConfigureAwait(false);
            if (lease is null)
            {
                return;
            }

            LogLeaseAcquired(eventId, lease.Token);
            state.Start(lease, _time, _options.MeasurementWindow);
        }

        var budget = state.Pacer!.Budget(state.RatePerSecond);
        var step = await _room.AdmitAsync(state.Lease!, budget, state.Meter!.PerSecond, cancellationToken).ConfigureAwait(false);
        if (step.LeaseLost)
        {
            LogLeaseLost(eventId, state.Lease!.Token);
            state.Stop();
            return;
        }

        state.RatePerSecond = step.ConfiguredRatePerSecond;
        state.Pacer.Spend(step.Admitted.Count);
        state.Meter.Record(step.Admitted.Count);
        if (step.Admitted.Count > 0)
        {
            await NotifyAsync(eventId, nameof(IWaitingRoomNotifier.UsersAdmitted), () => _notifier.UsersAdmitted(eventId, step.Admitted)).ConfigureAwait(false);
        }

        if (step.Waiting != state.LastQueueSize || step.Admitted.Count > 0)
        {
            state.LastQueueSize = step.Waiting;
            state.UpdatePending = true;
        }

        // Every queue-updated makes each waiting client refetch its status, so pushes are throttled per event; the
        // last change before the queue empties is always pushed.
        var now = _time.GetTimestamp();
        if (state.UpdatePending && (step.Waiting == 0 || _time.GetElapsedTime(state.LastUpdateAt, now) >= _options.QueueUpdateInterval))
        {
            state.UpdatePending = false;
            state.LastUpdateAt = now;
            var rate = WaitingRoomEta.EffectiveRate(state.Meter.PerSecond ?? 0, step.ConfiguredRatePerSecond);
            var update = new QueueUpdate(eventId, step.Waiting, step.Active, rate);
            await NotifyAsync(eventId, nameof(IWaitingRoomNotifier.QueueUpdated), () => _notifier.QueueUpdated(update)).ConfigureAwait(false);
        }
    }

    private async Task NotifyAsync(Guid eventId, string name, Func<ValueTask> notify)
    {
        try
        {
            await notify().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogNotifyFailed(e, name, eventId);
        }
    }

    private async Task ReleaseAllAsync()
    {
        List<EventAdmission> states;
        lock (_events)
        {
            states = [.. _events.Values];
            _events.Clear();
        }

        foreach (var state in states)
        {
            await ReleaseAsync(state).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(EventAdmission state)
    {
        if (state.Lease is not { } lease)
        {
            return;
        }

        state.Stop();
        try
        {
            await _room.ReleaseLeaseAsync(lease).ConfigureAwait(false);
            LogLeaseReleased(lease.EventId, lease.Token);
        }
        catch (Exception e)
        {
            // The lease then simply expires after its TTL.
            LogReleaseFailed(e, lease.EventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission lease for event {EventId} acquired (token {Token})")]
    private partial void LogLeaseAcquired(Guid eventId, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admission lease for event {EventId} lost (token {Token})")]
    private partial void LogLeaseLost(Guid eventId, long token);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission lease for event {EventId} released (token {Token})")]
    private partial void LogLeaseReleased(Guid eventId, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the admission lease of event {EventId} failed")]
    private partial void LogReleaseFailed(Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admission tick failed")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admission step failed for event {EventId}")]
    private partial void LogStepFailed(Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Waiting-room notification {Notification} failed for event {EventId}")]
    private partial void LogNotifyFailed(Exception exception, string notification, Guid eventId);

    /// <summary>This instance's admission state for one event.</summary>
    private sealed class EventAdmission
    {
        public AdmissionLease? Lease { get; private set; }

        public AdmissionPacer? Pacer { get; private set; }

        public AdmissionRateMeter? Meter { get; private set; }

        public int RatePerSecond { get; set; }

        public long LastQueueSize { get; set; } = -1;

        public bool UpdatePending { get; set; }

        public long LastUpdateAt { get; set; }

        public void Start(AdmissionLease lease, TimeProvider time, TimeSpan window)
        {
            Lease = lease;
            Pacer = new AdmissionPacer(time);
            Meter = new AdmissionRateMeter(time, window);
            RatePerSecond = 0;
        }

        public void Stop()
        {
            Lease = null;
            Pacer = null;
            Meter = null;
        }
    }
}
