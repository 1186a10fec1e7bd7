using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tiketi.Core.Auth;

namespace Tiketi.Core.Users;

/// <summary>
/// Ensures the configured administrator exists (DATA.md §8): created with name 관리자 and role admin when no user has
/// the configured e-mail (used verbatim, not normalised); an existing account is left untouched.
/// </summary>
public sealed partial class AdminAccount
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PasswordHashes _passwords;
    private readonly ILogger<AdminAccount> _logger;

    /// <summary>Creates the service.</summary>
    public AdminAccount(NpgsqlDataSource dataSource, PasswordHashes passwords, ILogger<AdminAccount> logger)
    {
        _dataSource = dataSource;
        _passwords = passwords;
        _logger = logger;
    }

    /// <summary>Creates the admin when missing; returns true when a row was inserted.</summary>
    public async Task<bool> EnsureAsync(string email, string password, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM users WHERE email = @email)", new { email }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists)
        {
            return false;
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO users (email, password_hash, name, phone, role)
            VALUES (@email, @hash, '관리자', '010-1234-5678', 'admin')
            ON CONFLICT (email) DO NOTHING
            """, new { email, hash = _passwords.Hash(password) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (inserted > 0)
        {
            LogCreated(email);
        }

        return inserted > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the admin account {Email}")]
    private partial void LogCreated(string email);
}
