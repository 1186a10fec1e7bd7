using System.Globalization;

namespace Tiketi.Core.Time;

/// <summary>
/// The contract's time rules (DATA.md §4): instants go out as UTC <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>;
/// admin inputs without an offset are Asia/Seoul wall-clock times; "today" is the Seoul date.
/// </summary>
public static class ContractTime
{
    /// <summary>The output format, e.g. <c>2025-03-01T10:00:00.000Z</c>.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Asia/Seoul (UTC+9, no daylight saving).</summary>
    public static TimeZoneInfo Seoul { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    private static readonly string[] OffsetlessFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    /// <summary>Formats an instant in the contract format.</summary>
    public static string ToContractString(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats a <see cref="DateTime"/>. <see cref="DateTimeKind.Utc"/> (what Npgsql returns for <c>timestamptz</c>)
    /// and <see cref="DateTimeKind.Unspecified"/> are taken as UTC; <see cref="DateTimeKind.Local"/> is converted.
    /// </summary>
    public static string ToContractString(DateTime value) =>
        AsUtc(value).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Writes the contract format into <paramref name="destination"/> without allocating (needs 24 chars).</summary>
    public static bool TryFormat(DateTime value, Span<char> destination, out int written) =>
        AsUtc(value).TryFormat(destination, out written, Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an admin date input: <c>YYYY-MM-DDTHH:mm[:ss[.fff]]</c> without an offset means Asia/Seoul wall clock;
    /// an explicit offset or <c>Z</c> is honoured.
    /// </summary>
    public static bool TryParseAdminInput(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateTime.TryParseExact(text, OffsetlessFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            instant = FromSeoulWallClock(wallClock);
            return true;
        }

        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || HasNumericOffset(text);
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
        {
            instant = withOffset.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>The instant of a Seoul wall-clock time.</summary>
    public static DateTimeOffset FromSeoulWallClock(DateTime wallClock) =>
        new(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), Seoul.GetUtcOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified)));

    /// <summary>The Seoul calendar date at <paramref name="now"/>.</summary>
    public static DateOnly SeoulToday(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Seoul).DateTime);

    /// <summary>The instants bounding the Seoul calendar day containing <paramref name="now"/>: [start, end).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) SeoulDay(DateTimeOffset now)
    {
        var today = SeoulToday(now).ToDateTime(TimeOnly.MinValue);
        return (FromSeoulWallClock(today), FromSeoulWallClock(today.AddDays(1)));
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    private static bool HasNumericOffset(string text)
    {
        // ...THH:mm:ss+09:00 / -0500: a sign after the 'T'.
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0)
        {
            t = text.IndexOf(' ', StringComparison.Ordinal);
        }

        return t >= 0 && text.AsSpan(t).IndexOfAny('+', '-') >= 0;
    }
}
