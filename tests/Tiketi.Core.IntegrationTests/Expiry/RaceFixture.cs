using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>
/// A <see cref="TicketingFixture"/> tuned for payment/expiry races: the provider takes 0–20 ms and a payment
/// claim protects a reservation for only 400 ms, so expiry can also overtake a slow payment.
/// </summary>
public sealed class RaceFixture : TicketingFixture
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> TicketingSettings
    {
        get
        {
            var settings = base.TicketingSettings;
            settings["Tiketi:Payments:Simulated:MinLatency"] = "00:00:00";
            settings["Tiketi:Payments:Simulated:MaxLatency"] = "00:00:00.020";
            settings["Tiketi:Holds:PaymentClaimTimeout"] = "00:00:00.400";
            return settings;
        }
    }
}
