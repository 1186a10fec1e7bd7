using System.Security.Cryptography;

namespace Tiketi.Core.Reservations;

/// <summary>Reservation numbers as DATA.md §7: "TK" + epoch milliseconds + 5 characters of [0-9A-Z].</summary>
public static class ReservationNumber
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>A new reservation number for <paramref name="now"/>.</summary>
    public static string Create(DateTimeOffset now)
    {
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return string.Concat("TK", now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), suffix);
    }
}
