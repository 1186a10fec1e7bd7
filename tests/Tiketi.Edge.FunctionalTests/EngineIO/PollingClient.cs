using System.Net;
using System.Text;
using System.Text.Json;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>Plain HttpClient calls shaped like an Engine.IO long-polling client.</summary>
internal sealed class PollingClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http = new() { Timeout = Timeout };
    private readonly Func<string, Uri> _url;

    public PollingClient(EngineTestServer server) => _url = server.Url;

    /// <summary>A client of any server on <paramref name="port"/> that serves Engine.IO at <c>/engine.io/</c>.</summary>
    public PollingClient(int port) => _url = query => new Uri($"http://127.0.0.1:{port}/engine.io/?{query}");

    public async Task<string> HandshakeAsync()
    {
        var (status, body) = await GetAsync("EIO=4&transport=polling");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("0", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body[1..]);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    public Task<(HttpStatusCode Status, string Body)> PollAsync(string sid, CancellationToken cancellationToken = default) =>
        GetAsync($"EIO=4&transport=polling&sid={sid}", cancellationToken);

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string query, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(_url(query), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public Task<(HttpStatusCode Status, string Body)> PostAsync(string sid, string body) =>
        SendAsync(HttpMethod.Post, $"EIO=4&transport=polling&sid={sid}", body);

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string query, string? body = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, _url(query));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request) => await _http.SendAsync(request);

    public void Dispose() => _http.Dispose();
}
