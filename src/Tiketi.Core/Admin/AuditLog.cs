using System.Text.Json;
using Dapper;
using Npgsql;

namespace Tiketi.Core.Admin;

/// <summary>
/// The admin audit log (<c>admin_audit_log</c>): every admin change is recorded inside the transaction that makes
/// it — who, what, when, and the affected row as JSON before and after — so the log never disagrees with the data.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    /// <summary>Largest page size of <see cref="ReadAsync"/>.</summary>
    public const int MaxPageSize = 100;

    private const string InsertSql = """
        INSERT INTO admin_audit_log (admin_id, admin_email, action, target_type, target_id, before, after)
        VALUES ((SELECT id FROM users WHERE id = @adminId), @adminEmail, @action, @targetType, @targetId, @before::jsonb, @after::jsonb)
        """;

    private const string PageSql = """
        SELECT id, admin_id AS AdminId, admin_email AS AdminEmail, action AS Action, target_type AS TargetType,
               target_id AS TargetId, before::text AS Before, after::text AS After, created_at AS CreatedAt
          FROM admin_audit_log
         WHERE (@action::text IS NULL OR action = @action) AND (@targetId::uuid IS NULL OR target_id = @targetId)
         ORDER BY created_at DESC, seq DESC
         LIMIT @limit OFFSET @offset
        """;

    private const string CountSql = """
        SELECT COUNT(*)::int FROM admin_audit_log
         WHERE (@action::text IS NULL OR action = @action) AND (@targetId::uuid IS NULL OR target_id = @targetId)
        """;

    /// <summary>The row of <paramref name="table"/> with <paramref name="id"/> as JSON text, or null when absent.</summary>
    internal static Task<string?> SnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditTable table, Guid id, CancellationToken cancellationToken)
    {
        var sql = table switch
        {
            AuditTable.Events => "SELECT to_jsonb(t)::text FROM events t WHERE id = @id",
            AuditTable.TicketTypes => "SELECT to_jsonb(t)::text FROM ticket_types t WHERE id = @id",
            AuditTable.Reservations => "SELECT (to_jsonb(t) - 'payment_claimed_at')::text FROM reservations t WHERE id = @id",
            AuditTable.QueueSettings => "SELECT to_jsonb(t)::text FROM event_queue_settings t WHERE event_id = @id",
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        return connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, new { id }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Records one change in the caller's transaction.</summary>
    internal static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AdminActor actor, string action, string targetType, Guid? targetId,
        string? before, string? after, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            InsertSql,
            new { adminId = actor.Id, adminEmail = actor.Email, action, targetType, targetId, before, after },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>A page of entries, newest first, optionally only one action and/or one target.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> ReadAsync(int page, int limit, string? action, Guid? targetId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new { action, targetId, limit, offset = (long)(page - 1) * limit };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(PageSql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        foreach (var row in rows)
        {
            entries.Add(new AuditEntry
            {
                id = row.Id,
                admin_id = row.AdminId,
                admin_email = row.AdminEmail,
                action = row.Action,
                target_type = row.TargetType,
                target_id = row.TargetId,
                before = Parse(row.Before),
                after = Parse(row.After),
                created_at = row.CreatedAt,
            });
        }

        return (entries, total);
    }

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private sealed class Row
    {
        public Guid Id { get; set; }

        public Guid? AdminId { get; set; }

        public string AdminEmail { get; set; } = "";

        public string Action { get; set; } = "";

        public string TargetType { get; set; } = "";

        public Guid? TargetId { get; set; }

        public string? Before { get; set; }

        public string? After { get; set; }

        public DateTime CreatedAt { get; set; }
    }
}
