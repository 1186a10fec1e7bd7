namespace Tiketi.Core.Reservations;

/// <summary>Settings of seat holds, quantity purchases and their expiry (section <c>Tiketi:Holds</c>).</summary>
public sealed class HoldOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Tiketi:Holds";

    /// <summary>How long a seat hold lasts before it expires unpaid (contract: 5 minutes).</summary>
    public TimeSpan HoldTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an unpaid quantity purchase keeps its stock (defect 9: they expire too).</summary>
    public TimeSpan PurchaseHoldTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most seats one user may hold (pending, unexpired) for one event, across requests.</summary>
    public int MaxSeatsPerUserPerEvent { get; set; } = 1;

    /// <summary>Most tickets (sum of quantities) one quantity purchase may take.</summary>
    public int MaxTicketsPerPurchase { get; set; } = 10;

    /// <summary>How often the expiry service looks for expired holds.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many expired reservations one expiry transaction processes.</summary>
    public int ExpiryBatchSize { get; set; } = 200;

    /// <summary>Whether this instance runs the expiry service (every instance may; it is safe).</summary>
    public bool ExpiryEnabled { get; set; } = true;

    /// <summary>
    /// How long a payment claim protects a reservation from expiry and from a second payer.
    /// Must exceed the provider's worst-case latency.
    /// </summary>
    public TimeSpan PaymentClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
