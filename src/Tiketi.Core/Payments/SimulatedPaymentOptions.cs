namespace Tiketi.Core.Payments;

/// <summary>Behaviour of the built-in simulated provider (section <c>Tiketi:Payments:Simulated</c>).</summary>
public sealed class SimulatedPaymentOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Tiketi:Payments:Simulated";

    /// <summary>Shortest simulated gateway latency (contract: 500 ms).</summary>
    public TimeSpan MinLatency { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest simulated gateway latency (contract: 1500 ms).</summary>
    public TimeSpan MaxLatency { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Probability in [0, 1] that a charge is declined.</summary>
    public double FailureRate { get; set; }

    /// <summary>Seed of the latency/decline randomness; null for a random seed.</summary>
    public int? Seed { get; set; }
}
