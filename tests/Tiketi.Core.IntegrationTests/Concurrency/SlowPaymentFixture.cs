using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Concurrency;

/// <summary>A <see cref="TicketingFixture"/> whose provider takes 1 s, so concurrent pays overlap for sure.</summary>
public sealed class SlowPaymentFixture : TicketingFixture
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
