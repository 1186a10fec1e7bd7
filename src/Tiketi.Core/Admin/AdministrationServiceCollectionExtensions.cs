using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tiketi.Core.Admin;

/// <summary>Registration of the admin services (on top of <c>AddTiketiCore</c>).</summary>
public static class AdministrationServiceCollectionExtensions
{
    /// <summary>
    /// Adds event/seat/ticket/reservation administration, the dashboard, the audit log and zero-valued
    /// <see cref="IEventAudience"/>/<see cref="IWaitingRoomFigures"/> (a realtime or queue registration, before or
    /// after this call with <c>Replace</c>, supersedes them).
    /// </summary>
    public static IServiceCollection AddTiketiAdministration(this IServiceCollection services)
    {
        services.TryAddSingleton<IEventAudience, NoEventAudience>();
        services.TryAddSingleton<IWaitingRoomFigures, NoWaitingRoomFigures>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<ReservationCancelCascade>();
        services.TryAddSingleton<EventAdministration>();
        services.TryAddSingleton<EventCancellation>();
        services.TryAddSingleton<SeatAdministration>();
        services.TryAddSingleton<SeatLayoutCatalog>();
        services.TryAddSingleton<TicketTypeAdministration>();
        services.TryAddSingleton<ReservationAdministration>();
        services.TryAddSingleton<AdminDashboard>();
        return services;
    }
}
