namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// A fixture whose own server only serves REST (no admission loop); tests start the admission instances they need
/// with <see cref="StartAdmissionInstanceAsync"/> and dispose them when done.
/// </summary>
public sealed class ClusterFixture : WaitingRoomFixture
{
    /// <summary>Starts an instance that runs the admission loop on the fixture's stores.</summary>
    public Task<WaitingRoomServer> StartAdmissionInstanceAsync() =>
        StartInstanceAsync(new Dictionary<string, string?> { ["Tiketi:WaitingRoom:AdmissionEnabled"] = "true" });
}
