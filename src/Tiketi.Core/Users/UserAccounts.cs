using Dapper;
using Npgsql;
using Tiketi.Core.Auth;

namespace Tiketi.Core.Users;

/// <summary>Registration and credential checks. E-mails must already be normalised (<see cref="EmailAddress"/>).</summary>
public sealed class UserAccounts
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PasswordHashes _passwords;
    private readonly Lazy<string> _decoyHash;

    /// <summary>Creates the service.</summary>
    public UserAccounts(NpgsqlDataSource dataSource, PasswordHashes passwords)
    {
        _dataSource = dataSource;
        _passwords = passwords;
        _decoyHash = new Lazy<string>(() => passwords.Hash(Guid.NewGuid().ToString()));
    }

    /// <summary>Creates a user with role <c>user</c>; null when the e-mail is taken.</summary>
    public async Task<UserProfile?> RegisterAsync(string email, string password, string name, string? phone, CancellationToken cancellationToken)
    {
        var hash = _passwords.Hash(password);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<UserProfile>(new CommandDefinition("""
            INSERT INTO users (email, password_hash, name, phone, role)
            VALUES (@email, @hash, @name, @phone, 'user')
            ON CONFLICT (email) DO NOTHING
            RETURNING id, email, name, role
            """, new { email, hash, name, phone }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The user when the credentials match; null otherwise (unknown e-mail and wrong password look the same, also in timing).</summary>
    public async Task<UserProfile?> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "SELECT id, email, name, role, password_hash AS passwordhash FROM users WHERE email = @email", new { email }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            _passwords.Verify(_decoyHash.Value, password);
            return null;
        }

        return _passwords.Verify(row.PasswordHash, password) ? new UserProfile(row.Id, row.Email, row.Name, row.Role) : null;
    }

    private sealed record UserRow(Guid Id, string Email, string Name, string Role, string PasswordHash);
}
