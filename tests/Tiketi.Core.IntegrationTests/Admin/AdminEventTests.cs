using System.Net;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>POST/PUT/DELETE /api/admin/events (REST.md §3.25, §3.26, §3.28).</summary>
public sealed class AdminEventTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private static readonly string[] EventColumns =
    [
        "id", "title", "description", "venue", "address", "event_date", "sale_start_date", "sale_end_date", "poster_image_url",
        "status", "seat_layout_id", "artist_name", "pre_scaled", "created_by", "created_at", "updated_at",
    ];

    private static object FormBody(string saleStart = "2030-02-01T10:00:00", string saleEnd = "2030-02-28T23:59:00", string eventDate = "2030-03-01T19:00:00",
        object? seatLayoutId = null, object[]? ticketTypes = null) => new
        {
            title = "  아이유 콘서트  ",
            description = "",
            venue = "올림픽공원",
            address = "서울시 송파구",
            eventDate,
            saleStartDate = saleStart,
            saleEndDate = saleEnd,
            posterImageUrl = "",
            artistName = "아이유",
            seatLayoutId,
            ticketTypes = ticketTypes ?? [new { name = "VIP석", price = "150000", totalQuantity = "100", description = "" }, new { name = "R석", price = 90000, totalQuantity = 200, description = "2층" }],
        };

    [Fact]
    public async Task Create_stores_the_form_and_answers_201_with_the_full_row()
    {
        var admin = await fixture.Catalog.AdminAsync();

        var response = await fixture.ClientFor(admin.Token).PostAsync("/api/admin/events", FormBody());

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("이벤트가 생성되었습니다.", response.Body.GetProperty("message").GetString());
        var row = response.Body.GetProperty("event");
        Assert.Equal(EventColumns, ApiResponse.Keys(row));
        Assert.Equal("아이유 콘서트", row.GetProperty("title").GetString());
        Assert.Equal("", row.GetProperty("description").GetString());
        Assert.Equal("", row.GetProperty("poster_image_url").GetString());
        Assert.Equal("아이유", row.GetProperty("artist_name").GetString());
        // Naive inputs are Asia/Seoul wall clock (DATA.md §4).
        Assert.Equal("2030-03-01T10:00:00.000Z", row.GetProperty("event_date").GetString());
        Assert.Equal("2030-02-01T01:00:00.000Z", row.GetProperty("sale_start_date").GetString());
        Assert.Equal("2030-02-28T14:59:00.000Z", row.GetProperty("sale_end_date").GetString());
        Assert.Equal("upcoming", row.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("seat_layout_id").ValueKind);
        Assert.False(row.GetProperty("pre_scaled").GetBoolean());
        Assert.Equal(admin.Id.ToString(), row.GetProperty("created_by").GetString());

        var eventId = row.GetProperty("id").GetGuid();
        var grades = await fixture.Catalog.QueryAsync<(string Name, int Price, int Total, int Available, string? Description)>(
            "SELECT name, price, total_quantity, available_quantity, description FROM ticket_types WHERE event_id = @eventId ORDER BY price DESC", new { eventId });
        Assert.Equal([("VIP석", 150000, 100, 100, null), ("R석", 90000, 200, 200, "2층")], grades);
    }

    [Fact]
    public async Task Create_honours_explicit_offsets_and_computes_on_sale_inside_the_window()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var now = DateTimeOffset.UtcNow;
        var body = FormBody(
            saleStart: now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            saleEnd: now.AddDays(1).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            eventDate: "2031-01-01T00:00:00+09:00");

        var response = await fixture.ClientFor(admin.Token).PostAsync("/api/admin/events", body);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var row = response.Body.GetProperty("event");
        Assert.Equal("on_sale", row.GetProperty("status").GetString());
        Assert.Equal("2030-12-31T15:00:00.000Z", row.GetProperty("event_date").GetString());
    }

    [Fact]
    public async Task Create_with_the_stadium_layout_generates_its_4900_seats_in_the_same_request()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var layoutId = await fixture.Catalog.StandardLayoutAsync("sports_stadium");

        var response = await fixture.ClientFor(admin.Token).PostAsync("/api/admin/events", FormBody(seatLayoutId: layoutId.ToString(), ticketTypes: []));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var eventId = response.Body.GetProperty("event").GetProperty("id").GetGuid();
        Assert.Equal(layoutId, response.Body.GetProperty("event").GetProperty("seat_layout_id").GetGuid());
        var sections = await fixture.Catalog.QueryAsync<(string Section, int Seats, int MinRow, int MaxRow, int MaxSeat, int Price)>(
            """
            SELECT section, COUNT(*)::int, MIN(row_number), MAX(row_number), MAX(seat_number), MIN(price)
              FROM seats WHERE event_id = @eventId AND status = 'available' GROUP BY section ORDER BY MIN(row_number)
            """,
            new { eventId });
        Assert.Equal([("Floor1", 1000, 1, 20, 50, 80000), ("Floor2", 1800, 21, 50, 60, 50000), ("Floor3", 2100, 51, 80, 70, 30000)], sections);
        Assert.Equal(1, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM seats WHERE event_id = @eventId AND seat_label = 'Floor2-21-60'", new { eventId }));
    }

    public static TheoryData<string, string> InvalidCreates => new()
    {
        { """{"venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "이벤트명은(는) 필수 항목입니다." },
        { """{"title":"   ","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "이벤트명은(는) 필수 항목입니다." },
        { """{"title":"t","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "장소명은(는) 필수 항목입니다." },
        { """{"title":"t","venue":"홀","eventDate":"내일","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "공연일시의 형식이 올바르지 않습니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "판매 시작일시은(는) 필수 항목입니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-28T10:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "판매 시작일시는 판매 종료일시보다 이전이어야 하고, 판매 종료일시는 공연일시보다 늦을 수 없습니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-03-01T19:00:01"}""", "판매 시작일시는 판매 종료일시보다 이전이어야 하고, 판매 종료일시는 공연일시보다 늦을 수 없습니다." },
        { """{"title":1,"venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00"}""", "이벤트명의 형식이 올바르지 않습니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","seatLayoutId":"abc"}""", "좌석 레이아웃의 형식이 올바르지 않습니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","seatLayoutId":"00000000-0000-0000-0000-000000000001"}""", "존재하지 않는 좌석 레이아웃입니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","ticketTypes":[{"name":"A","price":"abc","totalQuantity":"1"}]}""", "가격은(는) 0 이상 100000000 이하의 정수여야 합니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","ticketTypes":[{"name":"A","price":"-1","totalQuantity":"1"}]}""", "가격은(는) 0 이상 100000000 이하의 정수여야 합니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","ticketTypes":[{"name":"A","price":"10","totalQuantity":"1.5"}]}""", "총 수량은(는) 1 이상 1000000 이하의 정수여야 합니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","ticketTypes":[{"price":"10","totalQuantity":"1"}]}""", "등급명은(는) 필수 항목입니다." },
        { """{"title":"t","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00","ticketTypes":{"name":"A"}}""", "티켓 등급의 형식이 올바르지 않습니다." },
        { """[1,2]""", "요청 본문의 형식이 올바르지 않습니다." },
        { """{"title":""", "요청 본문의 형식이 올바르지 않습니다." },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_rejects_invalid_input_with_400_and_a_korean_message_and_writes_nothing(string json, string message)
    {
        var admin = await fixture.Catalog.AdminAsync();

        var response = await fixture.ClientFor(admin.Token).PostAsync("/api/admin/events", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Error);
        Assert.Equal(0, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM events WHERE created_by = @id", new { id = admin.Id }));
    }

    [Fact]
    public async Task Create_rejects_a_layout_whose_config_cannot_produce_seats()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var layoutId = await fixture.Catalog.LayoutAsync("""{"sections":[{"name":"ThisNameIsFarTooLong","rows":1,"seatsPerRow":10,"price":1}]}""", 10);

        var response = await fixture.ClientFor(admin.Token).PostAsync("/api/admin/events", FormBody(seatLayoutId: layoutId.ToString(), ticketTypes: []));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("좌석 레이아웃 구성이 올바르지 않습니다.", response.Error);
    }

    [Fact]
    public async Task Update_changes_only_the_given_fields_and_recomputes_the_status()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var created = (await client.PostAsync("/api/admin/events", FormBody())).Body.GetProperty("event");
        var id = created.GetProperty("id").GetString();
        var now = DateTimeOffset.UtcNow;

        var response = await client.PutAsync($"/api/admin/events/{id}", new { venue = "고척돔", saleStartDate = now.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("이벤트가 수정되었습니다.", response.Body.GetProperty("message").GetString());
        var row = response.Body.GetProperty("event");
        Assert.Equal(EventColumns, ApiResponse.Keys(row));
        Assert.Equal("고척돔", row.GetProperty("venue").GetString());
        Assert.Equal("on_sale", row.GetProperty("status").GetString());
        foreach (var unchanged in new[] { "title", "description", "address", "event_date", "sale_end_date", "poster_image_url", "artist_name", "created_by", "created_at" })
        {
            Assert.Equal(created.GetProperty(unchanged).ToString(), row.GetProperty(unchanged).ToString());
        }
    }

    [Fact]
    public async Task Update_checks_dates_against_the_stored_values_and_answers_404_for_unknown_events()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var id = (await client.PostAsync("/api/admin/events", FormBody())).Body.GetProperty("event").GetProperty("id").GetString();

        var late = await client.PutAsync($"/api/admin/events/{id}", new { saleEndDate = "2030-03-02T00:00:00" });
        var blank = await client.PutAsync($"/api/admin/events/{id}", new { title = "" });
        var missing = await client.PutAsync($"/api/admin/events/{Guid.NewGuid()}", new { title = "x" });
        var notAnId = await client.PutAsync("/api/admin/events/abc", new { title = "x" });

        Assert.Equal((HttpStatusCode.BadRequest, "판매 시작일시는 판매 종료일시보다 이전이어야 하고, 판매 종료일시는 공연일시보다 늦을 수 없습니다."), (late.Status, late.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "이벤트명은(는) 필수 항목입니다."), (blank.Status, blank.Error));
        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (missing.Status, missing.Error));
        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (notAnId.Status, notAnId.Error));
    }

    [Fact]
    public async Task Update_keeps_a_cancelled_event_cancelled()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var id = (await client.PostAsync("/api/admin/events", FormBody())).Body.GetProperty("event").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/admin/events/{id}/cancel")).Status);

        var response = await client.PutAsync($"/api/admin/events/{id}", new { title = "새 제목" });

        Assert.Equal("cancelled", response.Body.GetProperty("event").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delete_refuses_with_409_while_a_reservation_is_live_and_404s_unknown_events()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 2);
        var buyer = await TestBuyer.CreateAsync(fixture);
        await buyer.HoldAsync(show.Id, show.Seats[0]);

        var refused = await fixture.ClientFor(admin.Token).DeleteAsync($"/api/admin/events/{show.Id}");
        var missing = await fixture.ClientFor(admin.Token).DeleteAsync($"/api/admin/events/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("예매가 존재하는 이벤트는 삭제할 수 없습니다.", refused.Error);
        Assert.Equal(1, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM events WHERE id = @id", new { id = show.Id }));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("이벤트를 찾을 수 없습니다.", missing.Error);
    }

    [Fact]
    public async Task Delete_after_cancel_removes_the_event_with_its_cancelled_reservations_seats_and_ticket_types()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(seats: 2, 10);
        var buyer = await TestBuyer.CreateAsync(fixture);
        await buyer.HoldAsync(show.Id, show.Seats[0]);
        await buyer.PayAsync(await buyer.PurchaseAsync(show.Id, show.TicketTypes[0], 2));
        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/admin/events/{show.Id}/cancel")).Status);

        var response = await client.DeleteAsync($"/api/admin/events/{show.Id}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("이벤트가 삭제되었습니다.", response.Body.GetProperty("message").GetString());
        var left = await fixture.Catalog.ScalarAsync<int>(
            """
            SELECT (SELECT COUNT(*) FROM events WHERE id = @id) + (SELECT COUNT(*) FROM reservations WHERE event_id = @id)
                 + (SELECT COUNT(*) FROM seats WHERE event_id = @id) + (SELECT COUNT(*) FROM ticket_types WHERE event_id = @id)
            """,
            new { id = show.Id });
        Assert.Equal(0, left);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/admin/events/{show.Id}")).Status);
    }
}
