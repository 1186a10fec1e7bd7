using System.Net;
using Dapper;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tiketi.Core.Json;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>
/// An admin endpoint that fails unexpectedly answers 500 with its own contract text (REST.md §3.23–3.34), which the
/// admin pages show inline, not the generic server message. Its own fixture: the test breaks the database under it.
/// </summary>
public sealed class AdminFailureMessageTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    public static TheoryData<string, string, string> ContractMessages => new()
    {
        { "GET", "/api/admin/dashboard/stats", "통계 정보를 불러오는데 실패했습니다." },
        { "GET", "/api/admin/seat-layouts", "좌석 레이아웃을 불러오는데 실패했습니다." },
        { "POST", "/api/admin/events", "이벤트 생성에 실패했습니다." },
        { "PUT", "/api/admin/events/{id}", "이벤트 수정에 실패했습니다." },
        { "POST", "/api/admin/events/{id}/cancel", "이벤트 취소에 실패했습니다." },
        { "DELETE", "/api/admin/events/{id}", "이벤트 삭제에 실패했습니다." },
        { "POST", "/api/admin/events/{id}/generate-seats", "좌석 생성에 실패했습니다." },
        { "DELETE", "/api/admin/events/{id}/seats", "좌석 삭제에 실패했습니다." },
        { "POST", "/api/admin/events/{eventId}/tickets", "티켓 등록에 실패했습니다." },
        { "PUT", "/api/admin/tickets/{id}", "티켓 수정에 실패했습니다." },
        { "GET", "/api/admin/reservations", "예매 내역을 불러오는데 실패했습니다." },
        { "PATCH", "/api/admin/reservations/{id}/status", "예매 상태 변경에 실패했습니다." },
    };

    [Theory]
    [MemberData(nameof(ContractMessages))]
    public void Every_contract_admin_endpoint_declares_its_failure_text(string method, string route, string message)
    {
        var endpoint = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Single(e =>
            e.RoutePattern.RawText == route && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true);

        Assert.Equal(message, endpoint.Metadata.GetMetadata<EndpointFailureMessage>()?.Message);
    }

    [Fact]
    public async Task A_database_failure_answers_each_endpoint_s_own_text()
    {
        var admin = fixture.ClientFor((await fixture.Catalog.AdminAsync()).Token);
        var database = fixture.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await database.OpenConnectionAsync();
        await connection.ExecuteAsync("ALTER TABLE events RENAME TO events_away");
        try
        {
            var stats = await admin.GetAsync("/api/admin/dashboard/stats");
            var list = await admin.GetAsync("/api/admin/reservations");
            var create = await admin.PostAsync("/api/admin/events", new
            {
                title = "t", venue = "홀", eventDate = "2030-03-01T19:00:00", saleStartDate = "2030-02-01T10:00:00", saleEndDate = "2030-02-28T10:00:00",
            });

            Assert.Equal((HttpStatusCode.InternalServerError, "통계 정보를 불러오는데 실패했습니다."), (stats.Status, stats.Error));
            Assert.Equal((HttpStatusCode.InternalServerError, "예매 내역을 불러오는데 실패했습니다."), (list.Status, list.Error));
            Assert.Equal((HttpStatusCode.InternalServerError, "이벤트 생성에 실패했습니다."), (create.Status, create.Error));
        }
        finally
        {
            await connection.ExecuteAsync("ALTER TABLE events_away RENAME TO events");
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/dashboard/stats")).Status);
    }
}
