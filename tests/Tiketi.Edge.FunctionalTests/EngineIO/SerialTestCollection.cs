namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>
/// Tests that measure the whole process (the managed heap) run in this collection: xunit runs
/// it after every parallel collection has finished, so no other test's objects are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTestCollection
{
    /// <summary>The collection name for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Serial (process-wide measurements)";
}
