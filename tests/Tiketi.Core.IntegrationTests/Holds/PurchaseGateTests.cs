using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>The waiting-room seam: a gate that refuses the user stops holds and purchases before anything changes.</summary>
public sealed class PurchaseGateTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task A_closed_gate_refuses_holds_and_purchases_with_forbidden()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1, ticketStock: [5]);
        var gate = new ClosedGate();
        var server = fixture.Server;
        var options = server.GetRequiredService<IOptions<HoldOptions>>();
        var holds = new SeatHoldService(
            server.GetRequiredService<NpgsqlDataSource>(), server.GetRequiredService<SeatHoldScript>(), server.GetRequiredService<TicketingChangePublisher>(),
            gate, server.GetRequiredService<SeatLabels>(), options, NullLogger<SeatHoldService>.Instance);
        var purchases = new TicketPurchaseService(server.GetRequiredService<NpgsqlDataSource>(), server.GetRequiredService<TicketingChangePublisher>(), gate, options);

        var hold = await holds.HoldAsync(user.Id, ev.Id, [ev.Seats[0]], CancellationToken.None);
        var purchase = await purchases.PurchaseAsync(user.Id, ev.Id, [new TicketPurchaseItem(ev.TicketTypes[0], 1)], CancellationToken.None);

        Assert.Equal(TicketingFailureKind.Forbidden, hold.Failure?.Kind);
        Assert.Equal(TicketingFailureKind.Forbidden, purchase.Failure?.Kind);
        Assert.Equal([(ev.Id, user.Id), (ev.Id, user.Id)], gate.Asked);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(5, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        // Nothing was held in Redis either: the seat is free for an admitted user at once.
        Assert.Equal(System.Net.HttpStatusCode.Created, (await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0])).Status);
    }

    private sealed class ClosedGate : IPurchaseGate
    {
        public List<(Guid EventId, Guid UserId)> Asked { get; } = [];

        public ValueTask<bool> MayPurchaseAsync(Guid eventId, Guid userId, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add((eventId, userId));
            }

            return ValueTask.FromResult(false);
        }
    }
}
