using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>A <see cref="TicketingFixture"/> whose provider takes 1 s, so a hold can run out while its payment is in flight.</summary>
public sealed class RaceFixture : TicketingFixture
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> TicketingSettings
    {
        get
        {
            var settings = base.TicketingSettings;
            settings["Tiketi:Payments:Simulated:MinLatency"] = "00:00:01";
            settings["Tiketi:Payments:Simulated:MaxLatency"] = "00:00:01";
            return settings;
        }
    }
}
