namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>A <see cref="TicketingFixture"/> whose users may hold up to <see cref="MaxSeats"/> seats per event.</summary>
public sealed class MultiSeatFixture : TicketingFixture
{
    /// <summary>The per-user, per-event seat limit of this fixture.</summary>
    public const int MaxSeats = 3;

    /// <inheritdoc />
    protected override Dictionary<string, string?> TicketingSettings
    {
        get
        {
            var settings = base.TicketingSettings;
            settings["Tiketi:Holds:MaxSeatsPerUserPerEvent"] = MaxSeats.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }
}
