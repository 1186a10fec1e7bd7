using System.Globalization;
using Tiketi.Core.Json;

namespace Tiketi.Core.Events;

/// <summary>A validated <c>GET /api/events</c> query (REST.md §3.4).</summary>
/// <param name="Status">Event status filter, or null for all.</param>
/// <param name="Page">1-based page.</param>
/// <param name="Limit">Page size, 1…<see cref="MaxLimit"/>.</param>
/// <param name="Search">Search text over title, artist and venue, or null.</param>
public sealed record EventListQuery(string? Status, int Page, int Limit, string? Search)
{
    /// <summary>Largest page size (the admin page asks for 1000).</summary>
    public const int MaxLimit = 1000;

    /// <summary>Largest page number accepted.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>Longest search text accepted.</summary>
    public const int MaxSearchLength = 100;

    /// <summary>The event statuses (DATA.md §2).</summary>
    public static readonly IReadOnlyList<string> Statuses = ["upcoming", "on_sale", "sold_out", "ended", "cancelled"];

    /// <summary>Canonical cache variant of this query (the search text is last, so it cannot collide).</summary>
    public string CacheVariant => $"{Status ?? "all"}:{Page}:{Limit}:{Search}";

    /// <summary>Parses raw query values; <paramref name="error"/> is a Korean message when invalid.</summary>
    public static bool TryParse(string? status, string? page, string? limit, string? search, out EventListQuery query, out string error)
    {
        query = new EventListQuery(null, 1, 10, null);
        error = string.Empty;
        status = string.IsNullOrWhiteSpace(status) ? null : status.Trim();
        if (status is not null && !Statuses.Contains(status))
        {
            error = "유효하지 않은 이벤트 상태입니다.";
            return false;
        }

        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > MaxPage))
        {
            error = "page는 1 이상의 정수여야 합니다.";
            return false;
        }

        var pageSize = 10;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            error = $"limit은 1에서 {MaxLimit} 사이의 정수여야 합니다.";
            return false;
        }

        search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (search is { Length: > MaxSearchLength })
        {
            error = $"검색어는 {MaxSearchLength}자 이하여야 합니다.";
            return false;
        }

        if (search is not null && !JsonText.IsUsable(search))
        {
            error = "검색어에 사용할 수 없는 문자가 포함되어 있습니다.";
            return false;
        }

        query = new EventListQuery(status, pageNumber, pageSize, search);
        return true;
    }
}
