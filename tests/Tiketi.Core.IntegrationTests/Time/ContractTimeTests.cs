using System.Text.Json;
using Tiketi.Core.Json;
using Tiketi.Core.Time;

namespace Tiketi.Core.IntegrationTests.Time;

public class ContractTimeTests
{
    [Fact]
    public void Instants_are_written_as_utc_with_milliseconds_and_z()
    {
        var kst = new DateTimeOffset(2025, 3, 1, 19, 0, 0, TimeSpan.FromHours(9));

        Assert.Equal("2025-03-01T10:00:00.000Z", ContractTime.ToContractString(kst));
        Assert.Equal("2025-03-01T10:00:00.123Z", ContractTime.ToContractString(new DateTime(2025, 3, 1, 10, 0, 0, 123, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("2025-03-01T19:00:00", "2025-03-01T10:00:00.000Z")]
    [InlineData("2025-03-01T19:00", "2025-03-01T10:00:00.000Z")]
    [InlineData("2025-03-01T19:00:00.500", "2025-03-01T10:00:00.500Z")]
    [InlineData("2025-03-01T10:00:00Z", "2025-03-01T10:00:00.000Z")]
    [InlineData("2025-03-01T19:00:00+09:00", "2025-03-01T10:00:00.000Z")]
    [InlineData("2025-03-01T05:00:00-05:00", "2025-03-01T10:00:00.000Z")]
    public void Admin_inputs_without_offset_are_seoul_wall_clock(string input, string expected)
    {
        Assert.True(ContractTime.TryParseAdminInput(input, out var instant));
        Assert.Equal(expected, ContractTime.ToContractString(instant));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("2025-13-01T19:00:00")]
    [InlineData(null)]
    public void Garbage_admin_inputs_are_rejected(string? input) => Assert.False(ContractTime.TryParseAdminInput(input, out _));

    [Fact]
    public void Seoul_today_turns_over_at_midnight_kst_not_utc()
    {
        var justAfterMidnightKst = new DateTimeOffset(2025, 3, 1, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2025, 3, 2), ContractTime.SeoulToday(justAfterMidnightKst));
        var (start, end) = ContractTime.SeoulDay(justAfterMidnightKst);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 15, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 15, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void Contract_json_keeps_names_writes_nulls_and_formats_dates()
    {
        var json = JsonSerializer.Serialize(new { event_date = new DateTime(2024, 12, 31, 10, 0, 0, DateTimeKind.Utc), totalPages = 3, address = (string?)null, title = "콘서트" }, ContractJson.Options);

        Assert.Equal("{\"event_date\":\"2024-12-31T10:00:00.000Z\",\"totalPages\":3,\"address\":null,\"title\":\"콘서트\"}", json);
    }
}
