using System.Collections.Concurrent;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>A payment provider (the app's own seam) that accepts every charge at once and records refunds.</summary>
public sealed class RecordingPaymentProvider : IPaymentProvider
{
    /// <summary>Reservations charged.</summary>
    public ConcurrentBag<Guid> Charged { get; } = [];

    /// <summary>Reservations refunded.</summary>
    public ConcurrentBag<Guid> Refunded { get; } = [];

    /// <inheritdoc />
    public Task<PaymentCharge> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        Charged.Add(request.ReservationId);
        return Task.FromResult(new PaymentCharge(true, $"test-{request.ReservationId:N}"));
    }

    /// <inheritdoc />
    public Task RefundAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        Refunded.Add(reservationId);
        return Task.CompletedTask;
    }
}
