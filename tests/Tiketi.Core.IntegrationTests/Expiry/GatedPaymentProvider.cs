using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>A provider whose charge completes (successfully) only when the test opens the gate — even past its timeout.</summary>
public sealed class GatedPaymentProvider : IPaymentProvider
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refunds;

    /// <summary>How many refunds were made.</summary>
    public int Refunds => Volatile.Read(ref _refunds);

    /// <summary>Lets the pending charge succeed.</summary>
    public void Open() => _gate.TrySetResult();

    /// <inheritdoc />
    public async Task<PaymentCharge> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        // Deliberately ignores cancellation: a real gateway can answer after the caller gave up waiting.
        await _gate.Task;
        return new PaymentCharge(true, "GATED-" + request.ReservationId.ToString("N"));
    }

    /// <inheritdoc />
    public Task RefundAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _refunds);
        return Task.CompletedTask;
    }
}
