using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Tiketi.Core.Payments;

/// <summary>
/// The built-in mock gateway: waits a configurable latency, declines at a configurable rate
/// (seedable, so tests are deterministic), and charges each reservation at most once.
/// Its counters let tests prove "charged once".
/// </summary>
public sealed class SimulatedPaymentProvider : IPaymentProvider
{
    private readonly SimulatedPaymentOptions _options;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly ConcurrentDictionary<Guid, string> _charges = new();
    private int _chargeCount;
    private int _refundCount;

    /// <summary>Creates the provider from its options.</summary>
    public SimulatedPaymentProvider(IOptions<SimulatedPaymentOptions> options)
    {
        _options = options.Value;
        _random = _options.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>How many distinct successful charges were made.</summary>
    public int ChargeCount => Volatile.Read(ref _chargeCount);

    /// <summary>How many charges were refunded.</summary>
    public int RefundCount => Volatile.Read(ref _refundCount);

    /// <summary>Whether the reservation currently has a successful, unrefunded charge.</summary>
    public bool IsCharged(Guid reservationId) => _charges.ContainsKey(reservationId);

    /// <inheritdoc />
    public async Task<PaymentCharge> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        TimeSpan latency;
        bool declined;
        lock (_randomLock)
        {
            var spread = Math.Max(0, (_options.MaxLatency - _options.MinLatency).TotalMilliseconds);
            latency = _options.MinLatency + TimeSpan.FromMilliseconds(_random.NextDouble() * spread);
            declined = _random.NextDouble() < _options.FailureRate;
        }

        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        }

        if (_charges.TryGetValue(request.ReservationId, out var existing))
        {
            return new PaymentCharge(true, existing);
        }

        if (declined)
        {
            return new PaymentCharge(false, null);
        }

        var reference = "SIM-" + Guid.NewGuid().ToString("N");
        if (_charges.TryAdd(request.ReservationId, reference))
        {
            Interlocked.Increment(ref _chargeCount);
            return new PaymentCharge(true, reference);
        }

        return new PaymentCharge(true, _charges[request.ReservationId]);
    }

    /// <inheritdoc />
    public Task RefundAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        if (_charges.TryRemove(reservationId, out _))
        {
            Interlocked.Increment(ref _refundCount);
        }

        return Task.CompletedTask;
    }
}
