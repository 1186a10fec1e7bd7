using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Tiketi.Core.Json;

/// <summary>
/// JSON conventions of the wire contract (REST.md §1.6): property names exactly as declared (no naming policy —
/// snake_case rows and camelCase objects coexist per endpoint), nulls written, integers as numbers, timestamps as
/// UTC <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, Korean text unescaped.
/// </summary>
public static class ContractJson
{
    /// <summary>Shared, read-only options; use these (or <see cref="Apply"/>) for every contract payload.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the contract conventions to options owned by someone else (e.g. ASP.NET Core's).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = null;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new ContractDateTimeConverter());
        options.Converters.Add(new ContractDateTimeOffsetConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
