namespace Tiketi.Core.Data;

/// <summary>One embedded SQL migration: <c>Data/Migrations/NNNN_name.sql</c>.</summary>
/// <param name="Version">The zero-padded number, e.g. <c>"0001"</c>; migrations run in this order.</param>
/// <param name="Name">The rest of the file name, e.g. <c>"initial_schema"</c>.</param>
/// <param name="Sql">The script, run in one transaction.</param>
public sealed record Migration(string Version, string Name, string Sql);
