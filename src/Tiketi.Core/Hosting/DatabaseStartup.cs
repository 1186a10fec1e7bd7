using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tiketi.Core.Data;
using Tiketi.Core.Seats;
using Tiketi.Core.Users;

namespace Tiketi.Core.Hosting;

/// <summary>
/// Runs before the server starts listening (hosted services start before Kestrel): applies migrations, ensures the
/// admin account and, when enabled, the demo data. A failure stops the process with the error logged.
/// </summary>
public sealed partial class DatabaseStartup : IHostedService
{
    private readonly MigrationRunner _migrations;
    private readonly AdminAccount _admin;
    private readonly DemoData _demoData;
    private readonly TiketiSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<DatabaseStartup> _logger;

    /// <summary>Creates the startup step.</summary>
    public DatabaseStartup(MigrationRunner migrations, AdminAccount admin, DemoData demoData, TiketiSettings settings,
        NpgsqlDataSource dataSource, ILogger<DatabaseStartup> logger)
    {
        _migrations = migrations;
        _admin = admin;
        _demoData = demoData;
        _settings = settings;
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in _settings.Warnings)
        {
            LogSettingWarning(warning);
        }

        try
        {
            await _migrations.RunAsync(cancellationToken).ConfigureAwait(false);
            if (_settings.AdminEmail is { } email && _settings.AdminPassword is { } password)
            {
                await _admin.EnsureAsync(email, password, cancellationToken).ConfigureAwait(false);
            }

            if (_settings.DemoData)
            {
                await _demoData.EnsureAsync(cancellationToken).ConfigureAwait(false);
            }

            // The original generates seats at every start for events that have a layout but none (DATA.md §9).
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await SeatGenerator.GenerateMissingAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e);
            throw;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration: {Warning}")]
    private partial void LogSettingWarning(string warning);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Database startup failed (migrations, admin account or demo data)")]
    private partial void LogFailed(Exception exception);
}
