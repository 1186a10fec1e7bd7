using Dapper;
using Npgsql;

namespace Tiketi.Core.IntegrationTests.Data;

/// <summary>A comparable description of the application tables: columns, constraints, indexes, triggers.</summary>
internal static class SchemaSnapshot
{
    private const string Tables = "('users','seat_layouts','events','ticket_types','seats','reservations','reservation_items','schema_migrations')";

    public static async Task<List<string>> TakeAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var lines = new List<string>();
        lines.AddRange(await connection.QueryAsync<string>($"""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
                   || ' default=' || coalesce(column_default, '-') || ' len=' || coalesce(character_maximum_length::text, '-')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN {Tables}
            """));
        lines.AddRange(await connection.QueryAsync<string>($"""
            SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN {Tables}
            """));
        lines.AddRange(await connection.QueryAsync<string>($"""
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN {Tables}
            """));
        lines.AddRange(await connection.QueryAsync<string>($"""
            SELECT 'trigger ' || c.relname || '.' || g.tgname || ' ' || p.proname
            FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
            WHERE NOT g.tgisinternal AND c.relnamespace = 'public'::regnamespace AND c.relname IN {Tables}
            """));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
