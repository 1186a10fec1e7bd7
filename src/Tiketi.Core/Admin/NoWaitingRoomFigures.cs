namespace Tiketi.Core.Admin;

/// <summary>The stand-in until the waiting room registers an <see cref="IWaitingRoomFigures"/>: every queue is empty.</summary>
public sealed class NoWaitingRoomFigures : IWaitingRoomFigures
{
    /// <inheritdoc />
    public ValueTask<WaitingRoomFigures> GetAsync(Guid eventId, CancellationToken cancellationToken) => ValueTask.FromResult(default(WaitingRoomFigures));
}
