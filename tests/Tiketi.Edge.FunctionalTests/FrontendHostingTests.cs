using System.Net;
using System.Text;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests;

/// <summary>A built single-page frontend served from the edge's own origin (<c>TIKETI_FRONTEND_DIR</c>).</summary>
public sealed class FrontendHostingTests(FrontendHostingTests.SiteFixture fixture) : IClassFixture<FrontendHostingTests.SiteFixture>
{
    private const string Page = "<!doctype html><div id=\"root\"></div><script src=\"/static/js/main.1a2b.js\"></script>";
    private const string Script = "console.log('tiketi');";

    private HttpClient Http => fixture.Server.Client;

    [Theory]
    [InlineData("/")]
    [InlineData("/events/5f0c3f9e-2f6b-4c1a-9d61-0c7a3b1f2e44")]
    [InlineData("/admin/events/new")]
    [InlineData("/payment-success/abc?x=1")]
    public async Task Client_side_routes_get_the_page_uncached(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal(Page, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Built_files_are_served_as_they_are()
    {
        using var response = await Http.GetAsync(new Uri("/static/js/main.1a2b.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Script, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_answers_the_headers_without_a_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/events/1", UriKind.Relative));
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetByteCount(Page), response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/api/api/queue/nope")]
    [InlineData("/socket.io/nope")]
    [InlineData("/openapi/nope")]
    public async Task Api_paths_keep_their_json_404(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));

        await JsonAssert.ErrorAsync(response, HttpStatusCode.NotFound, "요청한 경로를 찾을 수 없습니다.");
    }

    [Fact]
    public async Task Endpoints_still_answer_and_other_methods_are_not_the_page()
    {
        using var health = await Http.GetAsync(new Uri("/health", UriKind.Relative));
        using var post = await Http.PostAsync(new Uri("/events/1", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        using var wrongMethod = await Http.GetAsync(new Uri("/api/seats/reserve", UriKind.Relative));

        Assert.Equal("OK", (await JsonAssert.StatusAndBodyAsync(health, HttpStatusCode.OK)).GetProperty("status").GetString());
        await JsonAssert.ErrorAsync(post, HttpStatusCode.NotFound, "요청한 경로를 찾을 수 없습니다.");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/static/..%2f..%2fsecret.txt")]
    public async Task Nothing_outside_the_folder_is_reachable(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));

        // The frontend answered (with the page for an unknown route), not the file next to its folder.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Page, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An edge with a small built site in a temporary folder, next to a file it must never serve.</summary>
    public sealed class SiteFixture : EdgeFixture, IDisposable
    {
        private readonly string _parent = Directory.CreateTempSubdirectory("tiketi-frontend-").FullName;

        public SiteFixture()
        {
            var site = Path.Combine(_parent, "build");
            Directory.CreateDirectory(Path.Combine(site, "static", "js"));
            File.WriteAllText(Path.Combine(site, "index.html"), Page);
            File.WriteAllText(Path.Combine(site, "static", "js", "main.1a2b.js"), Script);
            File.WriteAllText(Path.Combine(_parent, "secret.txt"), "top secret");
        }

        /// <inheritdoc />
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["TIKETI_FRONTEND_DIR"] = Path.Combine(_parent, "build"),
        };

        /// <inheritdoc />
        public void Dispose() => Directory.Delete(_parent, recursive: true);
    }
}
