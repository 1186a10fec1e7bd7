namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>A <see cref="WaitingRoomFixture"/> whose server runs the admission loop (admitted users stay active for minutes).</summary>
public class AdmissionFixture : WaitingRoomFixture
{
    /// <inheritdoc />
    protected override Dictionary<string, string?> WaitingRoomSettings => new()
    {
        ["Tiketi:WaitingRoom:AdmissionEnabled"] = "true",
        ["Tiketi:WaitingRoom:ActiveTtl"] = "00:05:00",
    };
}
