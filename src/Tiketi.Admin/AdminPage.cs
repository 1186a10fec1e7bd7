using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Tiketi.Admin;

/// <summary>The <c>page</c>/<c>limit</c> query of paged admin lists: positive integers, limit capped.</summary>
/// <param name="Page">1-based page.</param>
/// <param name="Limit">Page size.</param>
internal readonly record struct AdminPage(int Page, int Limit)
{
    /// <summary>Largest page size served (the original had no cap; unbounded pages are a denial of service).</summary>
    public const int MaxLimit = 100;

    /// <summary>Reads the query; false when a value is present but not a positive integer.</summary>
    public static bool TryRead(IQueryCollection query, int defaultLimit, out AdminPage page)
    {
        page = default;
        if (!TryPositive(query["page"], 1, out var number) || !TryPositive(query["limit"], defaultLimit, out var limit))
        {
            return false;
        }

        page = new AdminPage(number, Math.Min(limit, MaxLimit));
        return true;
    }

    private static bool TryPositive(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
    }
}
