using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tiketi.LoadTests;

/// <summary>
/// Prepares the holds benchmark through the public REST contract only: logs in as the admin, creates an on-sale
/// event on the 4,900-seat layout and one with a large ticket type, and registers the buyers.
/// </summary>
internal sealed class HoldsScenarioSetup(HttpClient http)
{
    /// <summary>An admin bearer token (REST 3.3).</summary>
    public async Task<string> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, cancellationToken);
        var body = await ReadAsync(response, "admin login", cancellationToken);
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>Creates an event on sale now (REST 3.25): on the seat layout with <paramref name="totalSeats"/> seats, or with one ticket type of <paramref name="stock"/>.</summary>
    public async Task<Guid> CreateEventAsync(string adminToken, int? totalSeats, int stock, CancellationToken cancellationToken)
    {
        string? layoutId = null;
        if (totalSeats is { } seats)
        {
            using var layouts = await http.GetAsync("/api/seats/layouts", cancellationToken);
            var list = await ReadAsync(layouts, "seat layouts", cancellationToken);
            layoutId = list.GetProperty("layouts").EnumerateArray()
                .FirstOrDefault(l => l.GetProperty("total_seats").GetInt32() == seats).GetProperty("id").GetString()
                ?? throw new InvalidOperationException($"no seat layout with {seats} seats (start the server with demo data)");
        }

        var seoul = DateTime.UtcNow.AddHours(9);
        var payload = new
        {
            title = $"holds bench {Guid.NewGuid():N}",
            description = "benchmark",
            venue = "bench arena",
            address = "bench",
            eventDate = Naive(seoul.AddDays(30)),
            saleStartDate = Naive(seoul.AddHours(-1)),
            saleEndDate = Naive(seoul.AddDays(1)),
            posterImageUrl = "",
            artistName = "",
            seatLayoutId = layoutId,
            ticketTypes = layoutId is null
                ? new[] { new { name = "일반석", price = "50000", totalQuantity = stock.ToString(CultureInfo.InvariantCulture), description = "" } }
                : [],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/events") { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await ReadAsync(response, "event creation", cancellationToken);
        return Guid.Parse(body.GetProperty("event").GetProperty("id").GetString()!);
    }

    /// <summary>Registers <paramref name="count"/> buyers (REST 3.2), a few at a time; returns their tokens.</summary>
    public async Task<string[]> RegisterBuyersAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        var tokens = new string[count];
        var run = Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var response = await http.PostAsJsonAsync("/api/auth/register", new { email = $"buyer{i}.{run}@bench.tiketi", password = "bench-password", name = $"buyer {i}", phone = "" }, ct);
            tokens[i] = (await ReadAsync(response, "registration", ct)).GetProperty("token").GetString()!;
        });
        return tokens;
    }

    /// <summary>Seat ids of an event (REST 3.13).</summary>
    public async Task<Guid[]> SeatsAsync(Guid eventId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/seats/events/{eventId}", cancellationToken);
        var body = await ReadAsync(response, "seat map", cancellationToken);
        return [.. body.GetProperty("seats").EnumerateArray().Select(s => Guid.Parse(s.GetProperty("id").GetString()!))];
    }

    /// <summary>The first ticket type of an event (REST 3.5).</summary>
    public async Task<Guid> TicketTypeAsync(Guid eventId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/events/{eventId}", cancellationToken);
        var body = await ReadAsync(response, "event detail", cancellationToken);
        return Guid.Parse(body.GetProperty("ticketTypes")[0].GetProperty("id").GetString()!);
    }

    private static string Naive(DateTime seoulWallClock) => seoulWallClock.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
