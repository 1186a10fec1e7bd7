using Npgsql;
using Tiketi.Core.Data;
using Tiketi.Core.Redis;

namespace Tiketi.Core.IntegrationTests.Data;

public class DatabaseUrlTests
{
    [Fact]
    public void Postgres_url_parts_are_decoded_and_parameters_passed_through()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgresql://ti%40keti:p%2Fa%3Ass@db.example:6543/tiketi%20db?sslmode=require&application_name=edge"));

        Assert.Equal("ti@keti", builder.Username);
        Assert.Equal("p/a:ss", builder.Password);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("tiketi db", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("edge", builder.ApplicationName);
        Assert.Equal(DatabaseUrl.DefaultMaxPoolSize, builder.MaxPoolSize);
    }

    [Fact]
    public void Postgres_url_defaults_port_and_allows_pool_override()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgres://u@localhost/db?Maximum%20Pool%20Size=7"));

        Assert.Equal(5432, builder.Port);
        Assert.Equal(7, builder.MaxPoolSize);
        Assert.Null(builder.Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mysql://u@h/db")]
    [InlineData("postgres://u@h:notaport/db")]
    [InlineData("postgres://u@h/db?nonsense=1")]
    public void Bad_database_urls_are_rejected(string url) => Assert.Throws<ArgumentException>(() => DatabaseUrl.ToConnectionString(url));

    [Fact]
    public void Redis_url_sets_endpoint_password_database_and_never_aborts()
    {
        var options = RedisUrl.ToConfigurationOptions("redis://:s%40cret@127.0.0.1:7379/3");

        Assert.Equal("127.0.0.1:7379", options.EndPoints.Single().ToString());
        Assert.Equal("s@cret", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.AbortOnConnectFail);
        Assert.False(options.Ssl);
        Assert.True(RedisUrl.ToConfigurationOptions("rediss://cache:6380").Ssl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://h:1")]
    [InlineData("redis://h:99999")]
    public void Bad_redis_urls_are_rejected(string url) => Assert.Throws<ArgumentException>(() => RedisUrl.ToConfigurationOptions(url));
}
