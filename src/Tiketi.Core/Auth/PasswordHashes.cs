using Microsoft.AspNetCore.Identity;

namespace Tiketi.Core.Auth;

/// <summary>Password hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2; replaces bcrypt).</summary>
public sealed class PasswordHashes
{
    private static readonly object User = new();
    private readonly PasswordHasher<object> _hasher = new();

    /// <summary>Hashes a password with a fresh salt.</summary>
    public string Hash(string password) => _hasher.HashPassword(User, password);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>; false for hashes of unknown formats.</summary>
    public bool Verify(string hash, string password)
    {
        try
        {
            return _hasher.VerifyHashedPassword(User, hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
