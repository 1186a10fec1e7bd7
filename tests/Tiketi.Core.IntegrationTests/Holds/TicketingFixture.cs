using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>
/// A running edge for the ticketing write side: a long hold (tests expire holds explicitly),
/// no background expiry (tests run <c>HoldExpiry</c> themselves, so nothing races them unseen)
/// and a payment provider with no latency that never declines.
/// </summary>
public class TicketingFixture : EdgeFixture
{
    /// <summary>The ticketing settings; derived fixtures change single values.</summary>
    protected virtual Dictionary<string, string?> TicketingSettings => new()
    {
        ["Tiketi:Holds:HoldTime"] = "00:05:00",
        ["Tiketi:Holds:PurchaseHoldTime"] = "00:05:00",
        ["Tiketi:Holds:MaxSeatsPerUserPerEvent"] = "1",
        ["Tiketi:Holds:MaxTicketsPerPurchase"] = "10",
        ["Tiketi:Holds:ExpiryEnabled"] = "false",
        ["Tiketi:Payments:Simulated:MinLatency"] = "00:00:00",
        ["Tiketi:Payments:Simulated:MaxLatency"] = "00:00:00",
        ["Tiketi:Payments:Simulated:FailureRate"] = "0",
        ["Tiketi:Payments:Simulated:Seed"] = "42",
    };

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => TicketingSettings;

    /// <summary>Users, events, seats and ticket types created straight in the fixture's database.</summary>
    public TicketingCatalog Catalog => new(Server);

    /// <summary>An HTTP client of the running edge acting as <paramref name="user"/>.</summary>
    public TicketingClient ClientFor(TestUser user) => new(Server.Client, user.Token);
}
