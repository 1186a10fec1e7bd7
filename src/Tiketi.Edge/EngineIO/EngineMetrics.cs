using System.Diagnostics.Metrics;

namespace Tiketi.Edge.EngineIO;

/// <summary>Engine.IO counters (meter <c>Tiketi.EngineIO</c>).</summary>
internal static class EngineMetrics
{
    private static readonly Meter Meter = new("Tiketi.EngineIO");

    public static readonly Counter<long> SessionsOpened = Meter.CreateCounter<long>("tiketi.engineio.sessions.opened");

    public static readonly Counter<long> SessionsClosed = Meter.CreateCounter<long>("tiketi.engineio.sessions.closed");

    public static readonly Counter<long> SlowConsumerCloses = Meter.CreateCounter<long>("tiketi.engineio.slow_consumer.closes");
}
