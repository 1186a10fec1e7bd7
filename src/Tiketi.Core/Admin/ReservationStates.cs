namespace Tiketi.Core.Admin;

/// <summary>The reservation and payment status values of DATA.md §2.</summary>
public static class ReservationStates
{
    /// <summary>Reservation statuses.</summary>
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal) { "pending", "confirmed", "cancelled" };

    /// <summary>Payment statuses.</summary>
    public static readonly IReadOnlySet<string> PaymentStatuses = new HashSet<string>(StringComparer.Ordinal) { "pending", "completed", "failed", "refunded" };
}
