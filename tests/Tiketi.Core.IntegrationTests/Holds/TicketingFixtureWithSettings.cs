namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>A <see cref="TicketingFixture"/> with some settings changed, for the few tests that need them.</summary>
public sealed class TicketingFixtureWithSettings(Dictionary<string, string?> overrides) : TicketingFixture, IAsyncDisposable
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> TicketingSettings
    {
        get
        {
            var settings = base.TicketingSettings;
            foreach (var (key, value) in overrides)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
