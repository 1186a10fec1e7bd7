using System.Net;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>
/// Text the server cannot use — a lone UTF-16 surrogate escape (parses, but cannot be read as a string) or U+0000
/// (PostgreSQL refuses it) — is the client's fault: 400 with the contract's error shape, never a 500, and nothing written.
/// </summary>
public sealed class UnreadableTextTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string LoneSurrogate = "\\ud800";
    private const string Nul = "\\u0000";

    [Theory]
    [InlineData(LoneSurrogate)]
    [InlineData(Nul)]
    public async Task Bodies_with_unusable_text_are_400_everywhere(string bad)
    {
        var admin = fixture.ClientFor((await fixture.Catalog.AdminAsync()).Token);
        var user = fixture.ClientFor((await fixture.Catalog.UserAsync()).Token);
        var anonymous = fixture.ClientFor(null);
        var show = await fixture.Catalog.EventAsync(seats: 1);
        var titles = await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM events");

        ApiResponse[] responses =
        [
            await anonymous.PostAsync("/api/auth/login", $$"""{"email":"a{{bad}}@b.c","password":"secret1"}"""),
            await anonymous.PostAsync("/api/auth/register", $$"""{"email":"new@b.c","password":"secret1","name":"x{{bad}}"}"""),
            await user.PostAsync("/api/seats/reserve", $$"""{"eventId":"{{show.Id}}","seatIds":["{{show.Seats[0]}}"],"note":"{{bad}}"}"""),
            await user.PostAsync("/api/seats/reserve", $$"""{"eventId":"{{show.Id}}","seatIds":["{{show.Seats[0]}}"],"n{{bad}}":1}"""),
            await user.PostAsync("/api/reservations", $$"""{"eventId":"{{show.Id}}","items":[],"x":"{{bad}}"}"""),
            await user.PostAsync("/api/payments/process", $$"""{"reservationId":"{{Guid.NewGuid()}}","paymentMethod":"kakao{{bad}}"}"""),
            await admin.PostAsync("/api/admin/events", $$"""{"title":"t{{bad}}","venue":"홀","eventDate":"2030-03-01T19:00:00","saleStartDate":"2030-02-01T10:00:00","saleEndDate":"2030-02-28T10:00:00"}"""),
        ];

        Assert.All(responses, r => Assert.Equal((HttpStatusCode.BadRequest, "요청 본문의 형식이 올바르지 않습니다."), (r.Status, r.Error)));
        Assert.Equal(titles, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM events"));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(show.Seats[0]));
    }

    [Fact]
    public async Task A_search_with_a_nul_character_is_400()
    {
        var response = await fixture.ClientFor(null).GetAsync("/api/events?q=a%00b");

        Assert.Equal((HttpStatusCode.BadRequest, "검색어에 사용할 수 없는 문자가 포함되어 있습니다."), (response.Status, response.Error));
    }
}
