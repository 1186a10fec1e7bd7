using Tiketi.Core.Users;

namespace Tiketi.Core.IntegrationTests.Users;

public class EmailAddressTests
{
    [Theory]
    [InlineData("User@Example.COM", "user@example.com")]
    [InlineData("Kim.Chul+tag@gmail.com", "kimchul@gmail.com")]
    [InlineData("kim.chul@googlemail.com", "kimchul@gmail.com")]
    [InlineData("lee+shop@outlook.com", "lee@outlook.com")]
    [InlineData("lee+shop@hotmail.co.uk", "lee@hotmail.co.uk")]
    [InlineData("park+x@icloud.com", "park@icloud.com")]
    [InlineData("choi-news@yahoo.com", "choi@yahoo.com")]
    [InlineData("choi+news@yahoo.com", "choi+news@yahoo.com")]
    [InlineData("ivan@ya.ru", "ivan@yandex.ru")]
    [InlineData("first.last+x@naver.com", "first.last+x@naver.com")]
    public void Addresses_are_normalised_like_validator_js_defaults(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("a@localhost")]
    [InlineData("a@example.c")]
    [InlineData("a@example.123")]
    [InlineData("a..b@example.com")]
    [InlineData(".a@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("a@-example.com")]
    [InlineData("+tag@gmail.com")]
    [InlineData(null)]
    public void Invalid_addresses_are_rejected(string? input) => Assert.False(EmailAddress.TryNormalize(input, out _));
}
