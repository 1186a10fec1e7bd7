using System.Net;
using Tiketi.Edge.Api;

namespace Tiketi.Edge.UnitTests.Api;

/// <summary>How login/register limits partition clients by address.</summary>
public sealed class AuthRateLimiterTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Clients_are_partitioned_by_ipv4_address_or_ipv6_64_prefix(string address, string key)
    {
        Assert.Equal(key, AuthRateLimiter.ClientKey(IPAddress.Parse(address)));
    }

    [Fact]
    public void Addresses_of_one_ipv6_subscriber_share_a_partition_and_other_networks_do_not()
    {
        var one = AuthRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2::1"));

        Assert.Equal(one, AuthRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(one, AuthRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("unknown", AuthRateLimiter.ClientKey(null));
    }
}
