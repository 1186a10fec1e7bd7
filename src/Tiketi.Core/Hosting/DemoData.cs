using Microsoft.Extensions.Logging;
using Npgsql;
using Tiketi.Core.Seats;

namespace Tiketi.Core.Hosting;

/// <summary>
/// Seeds the demo layouts (DATA.md §8, exactly), events and ticket types from the embedded <c>DemoData.sql</c>
/// (TIKETI_DEMO_DATA=1). Idempotent; existing rows are never modified.
/// </summary>
public sealed partial class DemoData
{
    private static readonly Lazy<string> Sql = new(() =>
    {
        var assembly = typeof(DemoData).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".DemoData.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    });

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<DemoData> _logger;

    /// <summary>Creates the seeder.</summary>
    public DemoData(NpgsqlDataSource dataSource, ILogger<DemoData> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>Inserts whatever part of the demo data is missing, seats included.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(Sql.Value, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var seats = await SeatGenerator.GenerateMissingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogSeeded(seats);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data ensured ({Seats} seats generated)")]
    private partial void LogSeeded(int seats);
}
