using System.Net;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>A regular user buying through the real user endpoints (holds, purchases, payments).</summary>
public sealed class TestBuyer(AdminFixture fixture, TestUser user)
{
    private readonly TicketingClient _client = new(fixture.Http, user.Token);

    /// <summary>The user.</summary>
    public TestUser User => user;

    /// <summary>Creates a buyer.</summary>
    public static async Task<TestBuyer> CreateAsync(AdminFixture fixture) => new(fixture, await fixture.Catalog.UserAsync());

    /// <summary>Holds seats; returns the pending reservation's id.</summary>
    public async Task<Guid> HoldAsync(Guid eventId, params Guid[] seatIds)
    {
        var response = await _client.HoldAsync(eventId, seatIds);
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Body.GetProperty("reservation").GetProperty("id").GetGuid();
    }

    /// <summary>Buys a quantity; returns the pending reservation's id.</summary>
    public async Task<Guid> PurchaseAsync(Guid eventId, Guid ticketTypeId, int quantity)
    {
        var response = await _client.PurchaseAsync(eventId, (ticketTypeId, quantity));
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Body.GetProperty("reservation").GetProperty("id").GetGuid();
    }

    /// <summary>Tries to buy; returns the raw response.</summary>
    public Task<ApiResponse> TryPurchaseAsync(Guid eventId, Guid ticketTypeId, int quantity) => _client.PurchaseAsync(eventId, (ticketTypeId, quantity));

    /// <summary>Tries to hold; returns the raw response.</summary>
    public Task<ApiResponse> TryHoldAsync(Guid eventId, params Guid[] seatIds) => _client.HoldAsync(eventId, seatIds);

    /// <summary>Pays a reservation (asserting success).</summary>
    public async Task PayAsync(Guid reservationId)
    {
        var response = await _client.PayAsync(reservationId);
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }
}
