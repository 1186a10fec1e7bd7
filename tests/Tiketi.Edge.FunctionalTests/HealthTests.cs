using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tiketi.Edge.FunctionalTests;

public class HealthTests
{
    [Fact]
    public async Task Health_answers_the_contract_shape_on_a_real_kestrel()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        EdgeHost.ConfigureServices(builder);
        await using var app = builder.Build();
        EdgeHost.MapEndpoints(app);
        await app.StartAsync(CancellationToken.None);

        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
        Assert.Equal("OK", json.RootElement.GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", json.RootElement.GetProperty("timestamp").GetString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
