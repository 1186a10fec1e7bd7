using System.Globalization;
using System.Text.Json;

namespace Tiketi.Core.Admin;

/// <summary>
/// The seats a <c>layout_config</c> produces (DATA.md §6), checked before anything is written: every section has a
/// non-empty unique name, positive <c>rows</c>/<c>seatsPerRow</c>, a non-negative integer <c>price</c>, a positive
/// <c>startRow</c> (default 1), and every label <c>{name}-{row}-{seat}</c> fits the 20-character column.
/// Checked before <see cref="Seats.SeatGenerator"/> runs, so a broken layout is a 400, never a database error.
/// </summary>
public sealed class SeatLayoutPlan
{
    /// <summary>Most seats one layout may generate (a large stadium, with margin).</summary>
    public const int MaxSeats = 100_000;

    private const int MaxLabelLength = 20;

    private SeatLayoutPlan(string[] names, int[] rows, int[] seatsPerRow, int[] prices, int[] startRows, int totalSeats)
    {
        Names = names;
        Rows = rows;
        SeatsPerRow = seatsPerRow;
        Prices = prices;
        StartRows = startRows;
        TotalSeats = totalSeats;
    }

    /// <summary>Section names, in layout order.</summary>
    public string[] Names { get; }

    /// <summary>Rows per section.</summary>
    public int[] Rows { get; }

    /// <summary>Seats per row per section.</summary>
    public int[] SeatsPerRow { get; }

    /// <summary>Seat price per section.</summary>
    public int[] Prices { get; }

    /// <summary>First (venue-global) row number per section.</summary>
    public int[] StartRows { get; }

    /// <summary>Σ rows × seatsPerRow.</summary>
    public int TotalSeats { get; }

    /// <summary>Parses and checks <paramref name="layoutConfigJson"/>; null when it cannot produce a valid seat map.</summary>
    public static SeatLayoutPlan? TryCreate(string layoutConfigJson)
    {
        try
        {
            using var document = JsonDocument.Parse(layoutConfigJson);
            return TryCreate(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses and checks a <c>layout_config</c> object; null when it cannot produce a valid seat map.</summary>
    public static SeatLayoutPlan? TryCreate(JsonElement layoutConfig)
    {
        if (layoutConfig.ValueKind != JsonValueKind.Object
            || !layoutConfig.TryGetProperty("sections", out var sections)
            || sections.ValueKind != JsonValueKind.Array
            || sections.GetArrayLength() == 0)
        {
            return null;
        }

        var count = sections.GetArrayLength();
        var names = new string[count];
        var rows = new int[count];
        var perRow = new int[count];
        var prices = new int[count];
        var startRows = new int[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        var i = 0;
        foreach (var section in sections.EnumerateArray())
        {
            if (section.ValueKind != JsonValueKind.Object
                || !section.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(name.GetString()) || !seen.Add(name.GetString()!)
                || !TryInt(section, "rows", 1, MaxSeats, null, out rows[i])
                || !TryInt(section, "seatsPerRow", 1, MaxSeats, null, out perRow[i])
                || !TryInt(section, "price", 0, 100_000_000, null, out prices[i])
                || !TryInt(section, "startRow", 1, 1_000_000, 1, out startRows[i]))
            {
                return null;
            }

            names[i] = name.GetString()!;
            var lastRow = (long)startRows[i] + rows[i] - 1;
            var longestLabel = names[i].Length + 2
                + lastRow.ToString(CultureInfo.InvariantCulture).Length
                + perRow[i].ToString(CultureInfo.InvariantCulture).Length;
            total += (long)rows[i] * perRow[i];
            if (longestLabel > MaxLabelLength || total > MaxSeats || names[i].Length > 50)
            {
                return null;
            }

            i++;
        }

        return new SeatLayoutPlan(names, rows, perRow, prices, startRows, (int)total);
    }

    private static bool TryInt(JsonElement section, string name, int min, int max, int? fallback, out int value)
    {
        value = 0;
        if (!section.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            value = fallback ?? 0;
            return fallback is not null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out value))
        {
            return false;
        }

        return value >= min && value <= max;
    }
}
