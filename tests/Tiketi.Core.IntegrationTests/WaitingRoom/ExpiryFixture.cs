namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>An <see cref="AdmissionFixture"/> whose active users expire after one second without activity.</summary>
public sealed class ExpiryFixture : AdmissionFixture
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> WaitingRoomSettings
    {
        get
        {
            var settings = base.WaitingRoomSettings;
            settings["Tiketi:WaitingRoom:ActiveTtl"] = "00:00:01";
            return settings;
        }
    }
}
