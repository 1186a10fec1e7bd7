namespace Tiketi.Edge.FunctionalTests;

/// <summary>A typed body for binding tests.</summary>
/// <param name="quantity">An integer.</param>
public sealed record ProbeBody(int quantity);
