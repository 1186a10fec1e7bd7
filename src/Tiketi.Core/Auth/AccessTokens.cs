using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tiketi.Core.Auth;

/// <summary>
/// Issues and verifies the contract's access tokens (REST.md §1.3): JWT HS256 with exactly the claims
/// <c>userId</c>, <c>email</c>, <c>role</c>, <c>iat</c>, <c>exp</c>. Verification pins HS256 (so <c>alg: none</c>
/// and every other algorithm are rejected) and allows at most 30 s of clock skew.
/// </summary>
public sealed class AccessTokens
{
    /// <summary>How far past <c>exp</c> (and before <c>nbf</c>) a token is still accepted.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly TimeProvider _time;

    /// <summary>Creates the issuer/verifier for <paramref name="secret"/>.</summary>
    public AccessTokens(string secret, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var key = new SymmetricSecurityKey(KeyBytes(secret));
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        Lifetime = lifetime;
        _time = time;
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuerSigningKey = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = ValidateLifetime,
        };
    }

    /// <summary>How long an issued token stays valid.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Issues a token for a user.</summary>
    public string Issue(Guid userId, string email, string role)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["userId"] = userId.ToString(),
                ["email"] = email,
                ["role"] = role,
                ["iat"] = now,
                ["exp"] = now + (long)Lifetime.TotalSeconds,
            },
            SigningCredentials = _credentials,
        };
        return _handler.CreateToken(descriptor);
    }

    /// <summary>Verifies signature, algorithm and expiry; null when the token is not acceptable for any reason.</summary>
    public async ValueTask<AccessTokenClaims?> VerifyAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return null;
        }

        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (!result.IsValid || result.ClaimsIdentity is not { } identity)
        {
            return null;
        }

        var userId = identity.FindFirst("userId")?.Value;
        var email = identity.FindFirst("email")?.Value ?? string.Empty;
        var role = identity.FindFirst(ClaimTypes.Role)?.Value ?? identity.FindFirst("role")?.Value ?? string.Empty;
        return Guid.TryParse(userId, out var id) ? new AccessTokenClaims(id, email, role) : null;
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null || now > expires.Value.ToUniversalTime() + ClockSkew)
        {
            return false;
        }

        return notBefore is null || now + ClockSkew >= notBefore.Value.ToUniversalTime();
    }

    private static byte[] KeyBytes(string secret)
    {
        // HMAC pads keys shorter than its block with zeros, so zero-padding a short secret to the 256 bits the
        // library insists on yields exactly the same signatures as the raw secret (tokens stay standard HS256).
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length >= 32)
        {
            return bytes;
        }

        Array.Resize(ref bytes, 32);
        return bytes;
    }
}
