namespace Tiketi.Core.IntegrationTests.Concurrency;

/// <summary>Heavy concurrency tests run one class at a time so they do not starve each other's connection pools.</summary>
[CollectionDefinition(Name)]
public sealed class ContentionCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "ticketing contention";
}
