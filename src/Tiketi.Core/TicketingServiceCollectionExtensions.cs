using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;

namespace Tiketi.Core;

/// <summary>Registration of the ticketing write side: holds, purchases, cancellations, payments, expiry.</summary>
public static class TicketingServiceCollectionExtensions
{
    /// <summary>
    /// Adds seat holds, quantity purchases, reservation reads/cancel, payments (simulated
    /// provider unless another <see cref="IPaymentProvider"/> is registered first), the hold
    /// expiry service, a logging <see cref="ITicketingNotifier"/> and an open
    /// <see cref="IPurchaseGate"/> (a later registration of either replaces it).
    /// </summary>
    public static IServiceCollection AddTiketiTicketing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HoldOptions>().Bind(configuration.GetSection(HoldOptions.SectionName));
        services.AddOptions<SimulatedPaymentOptions>().Bind(configuration.GetSection(SimulatedPaymentOptions.SectionName));

        services.TryAddSingleton<ITicketingNotifier, LoggingTicketingNotifier>();
        services.TryAddSingleton<IPurchaseGate, OpenPurchaseGate>();
        services.TryAddSingleton<SimulatedPaymentProvider>();
        services.TryAddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SimulatedPaymentProvider>());

        services.TryAddSingleton<SeatHoldScript>();
        services.TryAddSingleton<TicketingChangePublisher>();
        services.TryAddSingleton<SeatHoldService>();
        services.TryAddSingleton<SeatLabels>();
        services.TryAddSingleton<TicketPurchaseService>();
        services.TryAddSingleton<ReservationQueries>();
        services.TryAddSingleton<ReservationCancellationService>();
        services.TryAddSingleton<PaymentService>();
        services.TryAddSingleton<HoldExpiry>();
        services.AddHostedService<HoldExpiryService>();
        return services;
    }
}
