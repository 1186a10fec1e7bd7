using System.Net;
using System.Text.Json;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

public class EventApiTests(ReadApiFixture fixture) : IClassFixture<ReadApiFixture>
{
    private HttpClient Http => fixture.Server.Client;

    private NpgsqlDataSource Db => fixture.Server.GetRequiredService<NpgsqlDataSource>();

    [Fact]
    public async Task List_items_have_exactly_the_contract_fields_and_types()
    {
        var title = "목록형식-" + Guid.NewGuid().ToString("N")[..8];
        var id = await Seed.EventAsync(Db, title, artist: "아이유", saleStart: new DateTimeOffset(2030, 1, 1, 1, 0, 0, TimeSpan.Zero));
        await Seed.TicketTypeAsync(Db, id, "VIP석", 150000, 100, 95);
        await Seed.TicketTypeAsync(Db, id, "일반석", 50000, 400, 320);

        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q={title}"), HttpStatusCode.OK);

        JsonAssert.HasExactlyProperties(body, "events", "pagination");
        var item = Assert.Single(body.GetProperty("events").EnumerateArray());
        JsonAssert.HasExactlyProperties(item, "id", "title", "description", "venue", "address", "event_date", "sale_start_date", "sale_end_date",
            "poster_image_url", "status", "artist_name", "ticket_type_count", "min_price", "max_price");
        Assert.Equal(id.ToString(), item.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("poster_image_url").ValueKind);
        Assert.Equal("2030-01-01T01:00:00.000Z", item.GetProperty("sale_start_date").GetString());
        JsonAssert.IsContractTimestamp(item.GetProperty("event_date"));
        JsonAssert.IsContractTimestamp(item.GetProperty("sale_end_date"));
        Assert.Equal("2", item.GetProperty("ticket_type_count").GetString());
        Assert.Equal(50000, item.GetProperty("min_price").GetInt32());
        Assert.Equal(150000, item.GetProperty("max_price").GetInt32());
        Assert.Equal("아이유", item.GetProperty("artist_name").GetString());
        var pagination = body.GetProperty("pagination");
        JsonAssert.HasExactlyProperties(pagination, "page", "limit", "total", "totalPages");
        Assert.Equal(1, pagination.GetProperty("page").GetInt32());
        Assert.Equal(10, pagination.GetProperty("limit").GetInt32());
        Assert.Equal(1, pagination.GetProperty("total").GetInt32());
        Assert.Equal(1, pagination.GetProperty("totalPages").GetInt32());
    }

    [Fact]
    public async Task Events_without_ticket_types_have_null_prices_and_count_zero_as_a_string()
    {
        var title = "가격없음-" + Guid.NewGuid().ToString("N")[..8];
        await Seed.EventAsync(Db, title);

        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q={title}"), HttpStatusCode.OK);

        var item = body.GetProperty("events")[0];
        Assert.Equal("0", item.GetProperty("ticket_type_count").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("min_price").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("max_price").ValueKind);
    }

    [Fact]
    public async Task List_filters_by_status_pages_and_orders_by_sale_start()
    {
        var tag = "페이지-" + Guid.NewGuid().ToString("N")[..8];
        var start = new DateTimeOffset(2031, 5, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 4; i >= 0; i--)
        {
            await Seed.EventAsync(Db, $"{tag}-{i}", status: "cancelled", saleStart: start.AddHours(i));
        }

        await Seed.EventAsync(Db, $"{tag}-upcoming", status: "upcoming");

        var page2 = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?status=cancelled&q={tag}&page=2&limit=2"), HttpStatusCode.OK);

        Assert.Equal([$"{tag}-2", $"{tag}-3"], page2.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        var pagination = page2.GetProperty("pagination");
        Assert.Equal(2, pagination.GetProperty("page").GetInt32());
        Assert.Equal(2, pagination.GetProperty("limit").GetInt32());
        Assert.Equal(5, pagination.GetProperty("total").GetInt32());
        Assert.Equal(3, pagination.GetProperty("totalPages").GetInt32());
        Assert.All(page2.GetProperty("events").EnumerateArray(), e => Assert.Equal("cancelled", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Search_covers_title_artist_and_venue_and_treats_wildcards_literally()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        await Seed.EventAsync(Db, "제목" + tag);
        await Seed.EventAsync(Db, "다른공연", artist: "가수" + tag);
        await Seed.EventAsync(Db, "또다른공연", venue: "공연장" + tag);
        await Seed.EventAsync(Db, "퍼센트100%" + tag);

        var all = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q={tag.ToUpperInvariant()}"), HttpStatusCode.OK);
        var percent = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q=100%25{tag}"), HttpStatusCode.OK);
        var underscore = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q=_{tag}"), HttpStatusCode.OK);

        Assert.Equal(4, all.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(1, percent.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(0, underscore.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("status=sold", "유효하지 않은 이벤트 상태입니다.")]
    [InlineData("page=abc", "page는 1 이상의 정수여야 합니다.")]
    [InlineData("page=0", "page는 1 이상의 정수여야 합니다.")]
    [InlineData("page=-1", "page는 1 이상의 정수여야 합니다.")]
    [InlineData("page=1.5", "page는 1 이상의 정수여야 합니다.")]
    [InlineData("limit=0", "limit은 1에서 1000 사이의 정수여야 합니다.")]
    [InlineData("limit=1001", "limit은 1에서 1000 사이의 정수여야 합니다.")]
    [InlineData("limit=99999999999999", "limit은 1에서 1000 사이의 정수여야 합니다.")]
    public async Task Bad_list_parameters_are_400_with_a_korean_message(string query, string message) =>
        await JsonAssert.ErrorAsync(await Http.GetAsync("/api/events?" + query), HttpStatusCode.BadRequest, message);

    [Fact]
    public async Task Admin_page_limit_of_1000_is_accepted()
    {
        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync("/api/events?limit=1000"), HttpStatusCode.OK);

        Assert.Equal(1000, body.GetProperty("pagination").GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task Detail_has_the_full_event_row_and_ticket_types_by_price_descending()
    {
        var id = await Seed.EventAsync(Db, "상세", artist: null);
        await Seed.TicketTypeAsync(Db, id, "일반석", 50000, 400, 320);
        await Seed.TicketTypeAsync(Db, id, "VIP석", 150000, 100, 95, "앞자리");

        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events/{id}"), HttpStatusCode.OK);

        JsonAssert.HasExactlyProperties(body, "event", "ticketTypes");
        var ev = body.GetProperty("event");
        JsonAssert.HasExactlyProperties(ev, "id", "title", "description", "venue", "address", "event_date", "sale_start_date", "sale_end_date",
            "poster_image_url", "status", "seat_layout_id", "artist_name", "pre_scaled", "created_by", "created_at", "updated_at");
        Assert.Equal(id.ToString(), ev.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("seat_layout_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("artist_name").ValueKind);
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("created_by").ValueKind);
        Assert.False(ev.GetProperty("pre_scaled").GetBoolean());
        JsonAssert.IsContractTimestamp(ev.GetProperty("created_at"));
        JsonAssert.IsContractTimestamp(ev.GetProperty("updated_at"));
        var types = body.GetProperty("ticketTypes").EnumerateArray().ToList();
        Assert.Equal(["VIP석", "일반석"], types.Select(t => t.GetProperty("name").GetString()));
        JsonAssert.HasExactlyProperties(types[0], "id", "name", "price", "total_quantity", "available_quantity", "description");
        Assert.Equal(150000, types[0].GetProperty("price").GetInt32());
        Assert.Equal(100, types[0].GetProperty("total_quantity").GetInt32());
        Assert.Equal(95, types[0].GetProperty("available_quantity").GetInt32());
        Assert.Equal("앞자리", types[0].GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, types[1].GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task Detail_of_an_event_without_ticket_types_has_an_empty_list()
    {
        var id = await Seed.EventAsync(Db, "빈티켓");

        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events/{id}"), HttpStatusCode.OK);

        Assert.Equal(0, body.GetProperty("ticketTypes").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_event_is_404_and_a_non_uuid_id_is_400()
    {
        await JsonAssert.ErrorAsync(await Http.GetAsync($"/api/events/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다.");
        await JsonAssert.ErrorAsync(await Http.GetAsync("/api/events/abc"), HttpStatusCode.BadRequest, "요청 값의 형식이 올바르지 않습니다.");
    }

    [Fact]
    public async Task Routing_is_case_insensitive_and_tolerates_a_trailing_slash()
    {
        var id = await Seed.EventAsync(Db, "경로");

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/API/Events/{id}/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/api/events/")).StatusCode);
    }

    [Fact]
    public async Task Detail_is_cached_until_the_event_is_invalidated()
    {
        var id = await Seed.EventAsync(Db, "캐시전");
        var typeId = await Seed.TicketTypeAsync(Db, id, "R석", 1000, 10, 10);
        await Http.GetAsync($"/api/events/{id}");
        await Seed.ExecuteAsync(Db, "UPDATE ticket_types SET available_quantity = 3 WHERE id = @typeId", new { typeId });

        var cached = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events/{id}"), HttpStatusCode.OK);
        await fixture.Server.GetRequiredService<EventCache>().InvalidateEventAsync(id);
        var fresh = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events/{id}"), HttpStatusCode.OK);

        Assert.Equal(10, cached.GetProperty("ticketTypes")[0].GetProperty("available_quantity").GetInt32());
        Assert.Equal(3, fresh.GetProperty("ticketTypes")[0].GetProperty("available_quantity").GetInt32());
    }

    [Fact]
    public async Task List_is_cached_until_an_event_is_invalidated()
    {
        var title = "목록캐시-" + Guid.NewGuid().ToString("N")[..8];
        var id = await Seed.EventAsync(Db, title);
        await Http.GetAsync($"/api/events?q={title}");
        await Seed.ExecuteAsync(Db, "UPDATE events SET venue = '새장소' WHERE id = @id", new { id });

        var cached = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q={title}"), HttpStatusCode.OK);
        await fixture.Server.GetRequiredService<EventCache>().InvalidateEventAsync(id);
        var fresh = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/events?q={title}"), HttpStatusCode.OK);

        Assert.Equal("테스트홀", cached.GetProperty("events")[0].GetProperty("venue").GetString());
        Assert.Equal("새장소", fresh.GetProperty("events")[0].GetProperty("venue").GetString());
    }

    [Fact]
    public async Task Ticket_types_by_event_and_availability()
    {
        var id = await Seed.EventAsync(Db, "티켓");
        var typeId = await Seed.TicketTypeAsync(Db, id, "R석", 100000, 50, 48);

        var list = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/tickets/event/{id}"), HttpStatusCode.OK);
        var stock = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/tickets/availability/{typeId}"), HttpStatusCode.OK);
        var none = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/tickets/event/{Guid.NewGuid()}"), HttpStatusCode.OK);

        JsonAssert.HasExactlyProperties(list, "ticketTypes");
        JsonAssert.HasExactlyProperties(list.GetProperty("ticketTypes")[0], "id", "name", "price", "total_quantity", "available_quantity", "description");
        Assert.Equal(typeId.ToString(), list.GetProperty("ticketTypes")[0].GetProperty("id").GetString());
        JsonAssert.HasExactlyProperties(stock, "available_quantity", "total_quantity");
        Assert.Equal(48, stock.GetProperty("available_quantity").GetInt32());
        Assert.Equal(50, stock.GetProperty("total_quantity").GetInt32());
        Assert.Equal(0, none.GetProperty("ticketTypes").GetArrayLength());
        await JsonAssert.ErrorAsync(await Http.GetAsync($"/api/tickets/availability/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "티켓 타입을 찾을 수 없습니다.");
        await JsonAssert.ErrorAsync(await Http.GetAsync("/api/tickets/availability/1234"), HttpStatusCode.BadRequest, "요청 값의 형식이 올바르지 않습니다.");
    }

    [Fact]
    public async Task Payment_methods_are_the_fixed_three()
    {
        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync("/api/payments/methods"), HttpStatusCode.OK);

        var methods = body.GetProperty("methods").EnumerateArray().ToList();
        Assert.Equal(["naver_pay", "kakao_pay", "bank_transfer"], methods.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["네이버페이", "카카오페이", "계좌이체"], methods.Select(m => m.GetProperty("name").GetString()));
        JsonAssert.HasExactlyProperties(methods[0], "id", "name", "description", "icon");
        Assert.Equal("/images/kakao-pay.png", methods[1].GetProperty("icon").GetString());
    }

    [Fact]
    public async Task Wrong_method_on_a_known_path_is_a_json_error()
    {
        var response = await Http.DeleteAsync(new Uri("/api/payments/methods", UriKind.Relative));

        await JsonAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "허용되지 않은 요청 방식입니다.");
    }
}
