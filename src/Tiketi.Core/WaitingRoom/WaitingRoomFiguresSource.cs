using Tiketi.Core.Admin;

namespace Tiketi.Core.WaitingRoom;

/// <summary>The admin dashboard's queue figures, read from the event's waiting room in Redis.</summary>
public sealed class WaitingRoomFiguresSource(WaitingRoom waitingRoom) : IWaitingRoomFigures
{
    /// <inheritdoc />
    public async ValueTask<WaitingRoomFigures> GetAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var result = await waitingRoom.GetFiguresAsync(eventId, cancellationToken);
        return result.Value is { } figures ? new WaitingRoomFigures(figures.Waiting, figures.Active) : default;
    }
}
