using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Core.Data;
using Tiketi.Core.Hosting;
using Tiketi.Core.Redis;
using Tiketi.Core.Users;

namespace Tiketi.Core;

/// <summary>Registers Tiketi.Core's services.</summary>
public static class TiketiCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers settings (<see cref="TiketiSettings.FromConfiguration"/>, which throws a clear error for missing
    /// required settings), the pooled <see cref="NpgsqlDataSource"/>, the <see cref="RedisStore"/>, auth services and
    /// the startup/background services (migrations before listening, admin account, demo data).
    /// </summary>
    public static IServiceCollection AddTiketiCore(this IServiceCollection services, IConfiguration configuration, bool isDevelopment = false)
    {
        var settings = TiketiSettings.FromConfiguration(configuration, isDevelopment);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(settings.DatabaseConnectionString));
        services.AddSingleton(_ => RedisStore.Connect(RedisUrl.ToConfigurationOptions(settings.RedisUrl)));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<PasswordHashes>();
        services.AddSingleton(sp => new AccessTokens(settings.JwtSecret, settings.JwtLifetime, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<AdminAccount>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<Events.EventCache>();
        services.AddSingleton<Events.EventCatalog>();
        services.AddSingleton<Seats.SeatMaps>();
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton<Events.EventStatusUpdater>();
        services.AddHostedService(sp => sp.GetRequiredService<Events.EventStatusUpdater>());
        services.AddTiketiTicketing(configuration);
        return services;
    }
}
