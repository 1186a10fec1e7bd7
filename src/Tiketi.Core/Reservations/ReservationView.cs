namespace Tiketi.Core.Reservations;

/// <summary>A reservation with its event and items, as the owner's read endpoints show it (3.9, 3.10, 3.15).</summary>
public sealed class ReservationView
{
    /// <summary>Reservation id.</summary>
    public Guid Id { get; set; }

    /// <summary><c>TK…</c> number.</summary>
    public string ReservationNumber { get; set; } = "";

    /// <summary>Total in won.</summary>
    public int TotalAmount { get; set; }

    /// <summary><c>pending</c>, <c>confirmed</c> or <c>cancelled</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary><c>pending</c>, <c>completed</c>, <c>failed</c> or <c>refunded</c>.</summary>
    public string PaymentStatus { get; set; } = "";

    /// <summary>Payment method code once paid.</summary>
    public string? PaymentMethod { get; set; }

    /// <summary>Hold deadline (UTC), null for old rows without one.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>Creation time (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The event.</summary>
    public Guid? EventId { get; set; }

    /// <summary>Event title.</summary>
    public string? EventTitle { get; set; }

    /// <summary>Venue.</summary>
    public string? Venue { get; set; }

    /// <summary>Venue address.</summary>
    public string? Address { get; set; }

    /// <summary>Performance date (UTC).</summary>
    public DateTime? EventDate { get; set; }

    /// <summary>Whether the hold lapsed unpaid (deadline passed and not confirmed).</summary>
    public bool IsExpired { get; set; }

    /// <summary>The items.</summary>
    public IReadOnlyList<ReservationItemView> Items { get; set; } = [];
}
