using System.Net;
using Dapper;
using Tiketi.Core.IntegrationTests.Concurrency;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Reservations;

/// <summary><c>POST /api/reservations</c> (REST 3.8): quantity purchases with the original's missing checks added.</summary>
public sealed class TicketPurchaseTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Purchase_returns_201_with_the_contract_shape_and_takes_the_stock()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10, 5]);

        var response = await fixture.ClientFor(user).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 2), (ev.TicketTypes[1], 1));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(["message", "reservation"], ApiResponse.Keys(response.Body));
        Assert.Equal("예매가 완료되었습니다.", response.Body.GetProperty("message").GetString());
        var r = response.Body.GetProperty("reservation");
        Assert.Equal(["id", "reservationNumber", "totalAmount", "expiresAt"], ApiResponse.Keys(r));
        Assert.Equal((2 * 50000) + 100000, r.GetProperty("totalAmount").GetInt32());
        Assert.StartsWith("TK", r.GetProperty("reservationNumber").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", r.GetProperty("expiresAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(8, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        Assert.Equal(4, await fixture.Catalog.AvailableAsync(ev.TicketTypes[1]));
    }

    [Fact]
    public async Task Lines_of_the_same_ticket_type_are_merged()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [3]);
        var client = fixture.ClientFor(user);

        var tooMany = await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 2), (ev.TicketTypes[0], 2));
        var fits = await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 1), (ev.TicketTypes[0], 2));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("등급1석 티켓이 부족합니다. (남은 수량: 3)", tooMany.Error);
        Assert.Equal(HttpStatusCode.Created, fits.Status);
        Assert.Equal(0, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        var items = (await client.GetAsync($"/api/reservations/{fits.Body.GetProperty("reservation").GetProperty("id").GetString()}"))
            .Body.GetProperty("reservation").GetProperty("items");
        Assert.Equal(3, Assert.Single(items.EnumerateArray()).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Not_enough_stock_names_the_ticket_and_what_is_left_and_changes_nothing()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10, 1]);

        var response = await fixture.ClientFor(user).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 2), (ev.TicketTypes[1], 2));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("등급2석 티켓이 부족합니다. (남은 수량: 1)", response.Error);
        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        Assert.Equal(1, await fixture.Catalog.AvailableAsync(ev.TicketTypes[1]));
        Assert.Equal(0, await ReservationsOfAsync(fixture, user));
    }

    [Fact]
    public async Task A_purchase_is_judged_on_the_stock_left_after_a_concurrent_change_commits()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [5]);
        await using var rival = await fixture.Catalog.Database.OpenConnectionAsync();
        await using var transaction = await rival.BeginTransactionAsync();
        await rival.ExecuteAsync("UPDATE ticket_types SET available_quantity = 1 WHERE id = @id", new { id = ev.TicketTypes[0] }, transaction);

        var purchase = fixture.ClientFor(user).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 2));
        await LockWaits.UntilSomeoneWaitsForAsync(fixture.Catalog.Database, rival, "the purchase to wait for the rival's row lock");
        await transaction.CommitAsync();

        var response = await purchase.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("등급1석 티켓이 부족합니다. (남은 수량: 1)", response.Error);
        Assert.Equal(1, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        Assert.Equal(0, await ReservationsOfAsync(fixture, user));
    }

    [Fact]
    public async Task A_total_beyond_what_a_reservation_can_record_is_400_and_changes_nothing()
    {
        await using var generous = new TicketingFixtureWithSettings(new() { ["Tiketi:Holds:MaxTicketsPerPurchase"] = "30" });
        await generous.InitializeAsync();
        var user = await generous.Catalog.UserAsync();
        var ev = await generous.Catalog.EventAsync(ticketStock: [30]);
        await using (var connection = await generous.Catalog.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE ticket_types SET price = 100000000 WHERE id = @id", new { id = ev.TicketTypes[0] });
        }

        var response = await generous.ClientFor(user).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 22));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("결제 금액이 허용 한도를 초과합니다.", response.Error);
        Assert.Equal(30, await generous.Catalog.AvailableAsync(ev.TicketTypes[0]));
        Assert.Equal(0, await ReservationsOfAsync(generous, user));
    }

    [Theory]
    [InlineData("{}", "티켓을 선택해주세요.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[]}", "티켓을 선택해주세요.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":\"x\"}", "티켓을 선택해주세요.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\",\"quantity\":0}]}", "수량은 1개 이상이어야 합니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\",\"quantity\":-2}]}", "수량은 1개 이상이어야 합니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\",\"quantity\":1.5}]}", "수량은 1개 이상이어야 합니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\",\"quantity\":\"2\"}]}", "수량은 1개 이상이어야 합니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\"}]}", "수량은 1개 이상이어야 합니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"nope\",\"quantity\":1}]}", "존재하지 않는 티켓입니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\",\"quantity\":11}]}", "1회 최대 10매까지 예매 가능합니다.")]
    [InlineData("{\"eventId\":\"EVENT\",\"items\":[{\"ticketTypeId\":\"TICKET\",\"quantity\":1e12}]}", "1회 최대 10매까지 예매 가능합니다.")]
    public async Task Invalid_purchases_are_400_with_the_contract_message(string template, string message)
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [100]);
        var body = template.Replace("EVENT", ev.Id.ToString(), StringComparison.Ordinal).Replace("TICKET", ev.TicketTypes[0].ToString(), StringComparison.Ordinal);

        var response = await fixture.ClientFor(user).PostAsync("/api/reservations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Error);
        Assert.Equal(100, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
    }

    [Fact]
    public async Task A_ticket_type_of_another_event_does_not_exist_for_this_one()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var other = await fixture.Catalog.EventAsync(ticketStock: [10]);

        var response = await fixture.ClientFor(user).PurchaseAsync(ev.Id, (other.TicketTypes[0], 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("존재하지 않는 티켓입니다.", response.Error);
        Assert.Equal(10, await fixture.Catalog.AvailableAsync(other.TicketTypes[0]));
    }

    [Theory]
    [InlineData("upcoming")]
    [InlineData("ended")]
    [InlineData("cancelled")]
    public async Task Events_not_on_sale_refuse_purchases(string status)
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(status: status, ticketStock: [10]);

        var response = await fixture.ClientFor(user).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("현재 예매 가능한 기간이 아닙니다.", response.Error);
        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
    }

    [Fact]
    public async Task Purchasing_requires_a_token()
    {
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);

        var response = await new TicketingClient(fixture.Server.Client, null).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 1));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
    }

    [Fact]
    public async Task The_cached_event_detail_shows_fresh_stock_after_a_purchase_and_a_cancel()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var client = fixture.ClientFor(user);
        Assert.Equal(10, await ShownAvailableAsync(client, ev));

        var id = (await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 4))).Body.GetProperty("reservation").GetProperty("id").GetString();
        Assert.Equal(6, await ShownAvailableAsync(client, ev));

        await client.PostEmptyAsync($"/api/reservations/{id}/cancel");
        Assert.Equal(10, await ShownAvailableAsync(client, ev));
    }

    private static async Task<int> ShownAvailableAsync(TicketingClient client, TestEvent ev)
    {
        var detail = await client.GetAsync($"/api/events/{ev.Id}");
        Assert.Equal(HttpStatusCode.OK, detail.Status);
        return detail.Body.GetProperty("ticketTypes")[0].GetProperty("available_quantity").GetInt32();
    }

    private static async Task<int> ReservationsOfAsync(TicketingFixture fixture, TestUser user)
    {
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM reservations WHERE user_id = @id", new { id = user.Id });
    }
}
