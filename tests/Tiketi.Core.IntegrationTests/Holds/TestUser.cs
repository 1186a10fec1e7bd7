namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>A user row created for a test and a valid token for it.</summary>
/// <param name="Id">User id.</param>
/// <param name="Token">Bearer token.</param>
public sealed record TestUser(Guid Id, string Token);
