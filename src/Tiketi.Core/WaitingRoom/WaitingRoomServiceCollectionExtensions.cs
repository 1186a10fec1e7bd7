using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Redis;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.WaitingRoom;

/// <summary>Registration of the waiting room.</summary>
public static class WaitingRoomServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WaitingRoom"/> (also as <see cref="IAdmissionGate"/>, and behind the ticketing side's
    /// <see cref="IPurchaseGate"/> so holds and purchases refuse users the queue has not admitted), its settings store,
    /// the admission loop and a logging <see cref="IWaitingRoomNotifier"/> (an earlier or later registration by the
    /// realtime layer wins). Call after <c>AddTiketiTicketing</c>.
    /// </summary>
    public static IServiceCollection AddTiketiWaitingRoom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WaitingRoomOptions>()
            .Bind(configuration.GetSection(WaitingRoomOptions.SectionName))
            .Validate(WaitingRoomOptions.IsValid, WaitingRoomOptions.ValidationMessage)
            .ValidateOnStart();
        services.TryAddSingleton<IWaitingRoomNotifier, LoggingWaitingRoomNotifier>();
        services.TryAddSingleton(sp => new WaitingRoomScripts(sp.GetRequiredService<RedisStore>()));
        services.TryAddSingleton(sp => new WaitingPositions(sp.GetRequiredService<RedisStore>()));
        services.TryAddSingleton(sp => new WaitingRoomSettingsStore(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<WaitingRoomScripts>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WaitingRoomOptions>>()));
        services.TryAddSingleton(sp => new WaitingRoom(
            sp.GetRequiredService<WaitingRoomScripts>(), sp.GetRequiredService<WaitingRoomSettingsStore>(),
            sp.GetRequiredService<IWaitingRoomNotifier>(), sp.GetRequiredService<IOptions<WaitingRoomOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WaitingRoom>>()));
        services.TryAddSingleton<IAdmissionGate>(sp => sp.GetRequiredService<WaitingRoom>());
        // Replaces the admin dashboard's empty stand-in, whichever was registered first.
        services.AddSingleton<Admin.IWaitingRoomFigures>(sp => new WaitingRoomFiguresSource(sp.GetRequiredService<WaitingRoom>()));
        // Holds and purchases ask IPurchaseGate (whose open default AddTiketiTicketing registered): the queue decides.
        services.Replace(ServiceDescriptor.Singleton<IPurchaseGate, WaitingRoomPurchaseGate>());
        services.TryAddSingleton<WaitingRoomAdmissionService>();
        services.AddHostedService(sp => sp.GetRequiredService<WaitingRoomAdmissionService>());
        return services;
    }
}
