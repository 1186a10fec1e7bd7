using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>An edge started with TIKETI_DEMO_DATA=1.</summary>
public class DemoDataFixture : EdgeFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TIKETI_DEMO_DATA"] = "1",
        ["TIKETI_EVENT_STATUS_INTERVAL_MS"] = "3600000",
    };
}
