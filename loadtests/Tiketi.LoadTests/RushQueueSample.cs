namespace Tiketi.LoadTests;

/// <summary>One reading of the server's waiting-room figures during the rush (wall-clock UTC ticks).</summary>
internal readonly record struct RushQueueSample(long Ticks, long Waiting, long Active, double AdmittedPerSecond);
