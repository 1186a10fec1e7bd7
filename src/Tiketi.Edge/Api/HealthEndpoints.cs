using Npgsql;
using Tiketi.Core.Redis;
using Tiketi.Core.Time;

namespace Tiketi.Edge.Api;

/// <summary><c>/health</c> (liveness, contract shape, no dependency checks) and <c>/health/ready</c> (PostgreSQL + Redis).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both health endpoints.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", static () => Results.Text(
            "{\"status\":\"OK\",\"timestamp\":\"" + ContractTime.ToContractString(DateTime.UtcNow) + "\"}",
            "application/json; charset=utf-8"));

        app.MapGet("/health/ready", static async (NpgsqlDataSource database, RedisStore redis, CancellationToken cancellationToken) =>
        {
            var postgres = await PostgresReachableAsync(database, cancellationToken);
            var redisUp = await redis.PingAsync();
            var ready = postgres && redisUp;
            return Results.Json(
                new { status = ready ? "OK" : "UNAVAILABLE", postgres = postgres ? "OK" : "DOWN", redis = redisUp ? "OK" : "DOWN" },
                ApiJson.Options,
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    private static async Task<bool> PostgresReachableAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
