namespace Tiketi.Core.Payments;

/// <summary>
/// A payment gateway. Calls are slow and are never made inside a database transaction.
/// Charges are idempotent per <see cref="PaymentRequest.ReservationId"/>: charging a
/// reservation that already has a successful charge returns that charge again.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Charges the amount; a decline is a result, not an exception.</summary>
    Task<PaymentCharge> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken);

    /// <summary>Refunds the successful charge of a reservation, if there is one.</summary>
    Task RefundAsync(Guid reservationId, CancellationToken cancellationToken);
}
