using System.Text.Json;

namespace Tiketi.Core.Admin;

/// <summary>
/// A ticket grade of an admin body (REST.md §3.25 <c>ticketTypes[]</c>, §3.31, §3.32): price and quantity as JSON
/// numbers or numeric strings; a null property means "not given" (update leaves it alone).
/// </summary>
public sealed class TicketTypeFields
{
    /// <summary>Highest accepted price in won.</summary>
    public const int MaxPrice = 100_000_000;

    /// <summary>Highest accepted quantity per grade.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>Grade name (trimmed, ≤ 100).</summary>
    public string? Name { get; init; }

    /// <summary>Price in won, ≥ 1.</summary>
    public int? Price { get; init; }

    /// <summary>Total quantity, ≥ 1.</summary>
    public int? TotalQuantity { get; init; }

    /// <summary>Description; "" means NULL in the database (REST.md §3.25).</summary>
    public string? Description { get; init; }

    /// <summary>Whether the body carried <c>description</c> at all.</summary>
    public bool HasDescription { get; init; }

    /// <summary>Reads one grade; with <paramref name="required"/> name, price and totalQuantity must be present.</summary>
    public static TicketTypeFields? Read(JsonElement body, bool required, out string? error)
    {
        var input = new AdminInput(body);
        var fields = Read(input, required);
        error = input.Error;
        return error is null ? fields : null;
    }

    /// <summary>Reads one grade from <paramref name="input"/> (errors recorded there).</summary>
    public static TicketTypeFields Read(AdminInput input, bool required)
    {
        var name = input.Text("name", "등급명", 100, required) is { } text ? text.Trim() : null;
        if (name is { Length: 0 })
        {
            input.Fail(AdminMessages.Required("등급명"));
        }

        return new TicketTypeFields
        {
            Name = name,
            Price = input.Integer("price", "가격", 0, MaxPrice, required), // free grades are allowed (the form's input has min 0)
            TotalQuantity = input.Integer("totalQuantity", "총 수량", 1, MaxQuantity, required),
            Description = input.Text("description", "설명", 10_000, required: false),
            HasDescription = input.Has("description"),
        };
    }
}
