using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>A <see cref="TicketingFixture"/> with 1-second holds and the background expiry service running every 200 ms.</summary>
public sealed class ShortHoldFixture : TicketingFixture
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> TicketingSettings
    {
        get
        {
            var settings = base.TicketingSettings;
            settings["Tiketi:Holds:HoldTime"] = "00:00:01";
            settings["Tiketi:Holds:PurchaseHoldTime"] = "00:00:01";
            settings["Tiketi:Holds:ExpiryEnabled"] = "true";
            settings["Tiketi:Holds:ExpiryInterval"] = "00:00:00.200";
            return settings;
        }
    }
}
