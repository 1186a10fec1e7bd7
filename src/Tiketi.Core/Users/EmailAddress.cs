namespace Tiketi.Core.Users;

/// <summary>
/// E-mail validation and normalisation as the original did it (validator.js <c>isEmail</c> and
/// <c>normalizeEmail()</c> defaults, DATA.md §3.1): lower-cased; Gmail drops dots and <c>+tag</c> and becomes
/// gmail.com; Outlook/Hotmail/Live and iCloud drop <c>+tag</c>; Yahoo drops <c>-tag</c>; Yandex becomes yandex.ru.
/// </summary>
public static class EmailAddress
{
    /// <summary>Longest accepted address (RFC 5321 path limit).</summary>
    public const int MaxLength = 254;

    private static readonly HashSet<string> Gmail = ["gmail.com", "googlemail.com"];
    private static readonly HashSet<string> ICloud = ["icloud.com", "me.com"];
    private static readonly HashSet<string> Yahoo = ["rocketmail.com", "yahoo.ca", "yahoo.co.uk", "yahoo.com", "yahoo.de", "yahoo.fr", "yahoo.in", "yahoo.it", "ymail.com"];
    private static readonly HashSet<string> Yandex = ["yandex.ru", "yandex.ua", "yandex.kz", "yandex.com", "yandex.by", "ya.ru"];
    private static readonly HashSet<string> Outlook =
    [
        "hotmail.at", "hotmail.be", "hotmail.ca", "hotmail.cl", "hotmail.co.il", "hotmail.co.nz", "hotmail.co.th", "hotmail.co.uk",
        "hotmail.com", "hotmail.com.ar", "hotmail.com.au", "hotmail.com.br", "hotmail.com.gr", "hotmail.com.mx", "hotmail.com.pe",
        "hotmail.com.tr", "hotmail.com.vn", "hotmail.cz", "hotmail.de", "hotmail.dk", "hotmail.es", "hotmail.fr", "hotmail.hu",
        "hotmail.id", "hotmail.ie", "hotmail.in", "hotmail.it", "hotmail.jp", "hotmail.kr", "hotmail.lv", "hotmail.my", "hotmail.ph",
        "hotmail.pt", "hotmail.sa", "hotmail.sg", "hotmail.sk", "live.be", "live.co.uk", "live.com", "live.com.ar", "live.com.mx",
        "live.de", "live.es", "live.eu", "live.fr", "live.it", "live.nl", "msn.com", "outlook.at", "outlook.be", "outlook.cl",
        "outlook.co.il", "outlook.co.nz", "outlook.co.th", "outlook.com", "outlook.com.ar", "outlook.com.au", "outlook.com.br",
        "outlook.com.gr", "outlook.com.pe", "outlook.com.tr", "outlook.com.vn", "outlook.cz", "outlook.de", "outlook.dk", "outlook.es",
        "outlook.fr", "outlook.hu", "outlook.id", "outlook.ie", "outlook.in", "outlook.it", "outlook.jp", "outlook.kr", "outlook.lv",
        "outlook.my", "outlook.ph", "outlook.pt", "outlook.sa", "outlook.sg", "outlook.sk", "passport.com",
    ];

    /// <summary>Validates and normalises; false when the address is not a plausible e-mail address.</summary>
    public static bool TryNormalize(string? address, out string normalized)
    {
        normalized = string.Empty;
        if (!IsValid(address))
        {
            return false;
        }

        var at = address!.LastIndexOf('@');
        var local = address[..at].ToLowerInvariant();
        var domain = address[(at + 1)..].ToLowerInvariant();
        if (Gmail.Contains(domain))
        {
            local = StripTag(local, '+').Replace(".", string.Empty, StringComparison.Ordinal);
            domain = "gmail.com";
        }
        else if (ICloud.Contains(domain) || Outlook.Contains(domain))
        {
            local = StripTag(local, '+');
        }
        else if (Yahoo.Contains(domain))
        {
            local = StripTag(local, '-');
        }
        else if (Yandex.Contains(domain))
        {
            domain = "yandex.ru";
        }

        if (local.Length == 0)
        {
            return false;
        }

        normalized = local + "@" + domain;
        return true;
    }

    /// <summary>A conservative <c>isEmail</c>: dot-atom local part (UTF-8 letters allowed), dotted domain with an alphabetic TLD.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        return IsValidLocalPart(local) && IsValidDomain(domain);
    }

    private static string StripTag(string local, char separator)
    {
        var index = local.IndexOf(separator, StringComparison.Ordinal);
        return index >= 0 ? local[..index] : local;
    }

    private static bool IsValidLocalPart(ReadOnlySpan<char> local)
    {
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c, StringComparison.Ordinal) || (c > 127 && char.IsLetterOrDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length > 253)
        {
            return false;
        }

        var labels = 0;
        var tld = ReadOnlySpan<char>.Empty;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || (c > 127 && char.IsLetterOrDigit(c))))
                {
                    return false;
                }
            }

            labels++;
            tld = label;
        }

        if (labels < 2 || tld.Length < 2)
        {
            return false;
        }

        if (tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var c in tld)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
