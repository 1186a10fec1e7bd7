using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>An edge whose background status updater effectively never ticks on its own (tests drive it).</summary>
public class ReadApiFixture : EdgeFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TIKETI_EVENT_STATUS_INTERVAL_MS"] = "3600000",
    };
}
