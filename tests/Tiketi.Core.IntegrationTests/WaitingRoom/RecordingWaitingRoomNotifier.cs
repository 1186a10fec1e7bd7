using System.Collections.Concurrent;
using Tiketi.Core.WaitingRoom;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// Records every waiting-room notification of one server (our own seam to the realtime layer), and lets tests await
/// a condition over what was recorded instead of sleeping.
/// </summary>
public sealed class RecordingWaitingRoomNotifier : IWaitingRoomNotifier, IDisposable
{
    private readonly ConcurrentQueue<(Guid EventId, Guid[] Users)> _admissions = new();
    private readonly ConcurrentQueue<QueueUpdate> _updates = new();
    private readonly ConcurrentQueue<Guid> _cleared = new();
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>Admission batches in the order they were notified.</summary>
    public IReadOnlyList<Guid[]> AdmissionsFor(Guid eventId) => [.. _admissions.Where(a => a.EventId == eventId).Select(a => a.Users)];

    /// <summary>Every user admitted for the event, in notification order.</summary>
    public IReadOnlyList<Guid> AdmittedFor(Guid eventId) => [.. AdmissionsFor(eventId).SelectMany(u => u)];

    /// <summary>Queue updates for the event.</summary>
    public IReadOnlyList<QueueUpdate> UpdatesFor(Guid eventId) => [.. _updates.Where(u => u.EventId == eventId)];

    /// <summary>How many times the event's queue was cleared.</summary>
    public int ClearedCount(Guid eventId) => _cleared.Count(id => id == eventId);

    /// <inheritdoc />
    public ValueTask UsersAdmitted(Guid eventId, IReadOnlyList<Guid> userIds)
    {
        _admissions.Enqueue((eventId, [.. userIds]));
        _changed.Release();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask QueueUpdated(QueueUpdate update)
    {
        _updates.Enqueue(update);
        _changed.Release();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask QueueCleared(Guid eventId)
    {
        _cleared.Enqueue(eventId);
        _changed.Release();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _changed.Dispose();

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after every notification (fails after <paramref name="timeout"/>).</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            try
            {
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(250), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what ?? "a waiting-room notification"}.");
            }
        }
    }
}
