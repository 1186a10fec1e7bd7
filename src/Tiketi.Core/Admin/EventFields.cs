using System.Text.Json;

namespace Tiketi.Core.Admin;

/// <summary>
/// The event fields of an admin create/update body (REST.md §3.25/§3.26). A null property means "not given":
/// update leaves that column alone (FLOWS.md defect 14: omitted fields were overwritten with NULL).
/// </summary>
public sealed class EventFields
{
    /// <summary>Title (trimmed, ≤ 255).</summary>
    public string? Title { get; init; }

    /// <summary>Description ("" kept as "").</summary>
    public string? Description { get; init; }

    /// <summary>Venue (trimmed, ≤ 255).</summary>
    public string? Venue { get; init; }

    /// <summary>Address.</summary>
    public string? Address { get; init; }

    /// <summary>Performance instant.</summary>
    public DateTimeOffset? EventDate { get; init; }

    /// <summary>Sale start instant.</summary>
    public DateTimeOffset? SaleStartDate { get; init; }

    /// <summary>Sale end instant.</summary>
    public DateTimeOffset? SaleEndDate { get; init; }

    /// <summary>Poster URL ("" kept as "").</summary>
    public string? PosterImageUrl { get; init; }

    /// <summary>Artist name ("" kept as "", ≤ 255).</summary>
    public string? ArtistName { get; init; }

    /// <summary>
    /// Reads the fields; with <paramref name="forCreate"/> the title, venue and the three dates are required.
    /// Returns null and sets <paramref name="error"/> on the first invalid field.
    /// </summary>
    public static EventFields? Read(JsonElement body, bool forCreate, out string? error)
    {
        var input = new AdminInput(body);
        var fields = Read(input, forCreate);
        error = input.Error;
        return error is null ? fields : null;
    }

    /// <summary>Reads the fields from <paramref name="input"/> (errors are recorded there).</summary>
    public static EventFields Read(AdminInput input, bool forCreate) => new EventFields
    {
        Title = input.Text("title", "이벤트명", 255, required: forCreate) is { } title ? title.Trim() : null,
        Description = input.Text("description", "설명", 10_000, required: false),
        Venue = input.Text("venue", "장소명", 255, required: forCreate) is { } venue ? venue.Trim() : null,
        Address = input.Text("address", "주소", 1_000, required: false),
        EventDate = input.Date("eventDate", "공연일시", required: forCreate),
        SaleStartDate = input.Date("saleStartDate", "판매 시작일시", required: forCreate),
        SaleEndDate = input.Date("saleEndDate", "판매 종료일시", required: forCreate),
        PosterImageUrl = input.Text("posterImageUrl", "포스터 이미지 URL", 2_000, required: false),
        ArtistName = input.Text("artistName", "아티스트", 255, required: false),
    }.RejectBlankUpdates(input);

    /// <summary>Whether sale start &lt; sale end ≤ performance date.</summary>
    public static bool DatesInOrder(DateTimeOffset saleStart, DateTimeOffset saleEnd, DateTimeOffset eventDate) =>
        saleStart < saleEnd && saleEnd <= eventDate;

    // An update may not blank a NOT NULL column either.
    private EventFields RejectBlankUpdates(AdminInput input)
    {
        if (Title is { Length: 0 })
        {
            input.Fail(AdminMessages.Required("이벤트명"));
        }

        if (Venue is { Length: 0 })
        {
            input.Fail(AdminMessages.Required("장소명"));
        }

        return this;
    }
}
