using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Payments;

/// <summary>A <see cref="TicketingFixture"/> whose simulated provider declines every charge.</summary>
public sealed class DecliningPaymentFixture : TicketingFixture
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> TicketingSettings
    {
        get
        {
            var settings = base.TicketingSettings;
            settings["Tiketi:Payments:Simulated:FailureRate"] = "1";
            return settings;
        }
    }
}
