using Tiketi.Core.Reservations;

namespace Tiketi.Core.Payments;

/// <summary>A confirmed payment with what the success response shows.</summary>
public sealed class PaymentReceipt
{
    /// <summary>The paid reservation.</summary>
    public Guid ReservationId { get; init; }

    /// <summary>Its <c>TK…</c> number.</summary>
    public string ReservationNumber { get; init; } = "";

    /// <summary>Payment method code.</summary>
    public string PaymentMethod { get; init; } = "";

    /// <summary>Amount paid in won.</summary>
    public int TotalAmount { get; init; }

    /// <summary>When the payment was confirmed (UTC).</summary>
    public DateTime PaidAt { get; init; }

    /// <summary>The event's title.</summary>
    public string? EventTitle { get; init; }

    /// <summary>The event's venue.</summary>
    public string? Venue { get; init; }

    /// <summary>The performance date (UTC).</summary>
    public DateTime? EventDate { get; init; }

    /// <summary>The seats now sold (empty for ticket-type reservations).</summary>
    public IReadOnlyList<ReservationItemView> Seats { get; init; } = [];
}
