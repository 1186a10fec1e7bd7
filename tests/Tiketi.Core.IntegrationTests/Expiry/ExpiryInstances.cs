using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>Builds extra <see cref="HoldExpiry"/> instances on the edge's database and Redis, as other servers would run them.</summary>
public static class ExpiryInstances
{
    /// <summary>A hold expiry that reports to <paramref name="notifier"/>.</summary>
    public static HoldExpiry Create(EdgeServer server, ITicketingNotifier notifier)
    {
        var publisher = new TicketingChangePublisher(
            server.GetRequiredService<EventCache>(), notifier, NullLogger<TicketingChangePublisher>.Instance);
        return new HoldExpiry(
            server.GetRequiredService<NpgsqlDataSource>(),
            server.GetRequiredService<SeatHoldService>(),
            publisher,
            server.GetRequiredService<IOptions<HoldOptions>>());
    }
}
