namespace Tiketi.Core.Payments;

/// <summary>What to charge.</summary>
/// <param name="ReservationId">The reservation paid for; also the idempotency key.</param>
/// <param name="Amount">Amount in won.</param>
/// <param name="Method">Payment method code (<c>kakao_pay</c>, …).</param>
public readonly record struct PaymentRequest(Guid ReservationId, int Amount, string Method);
