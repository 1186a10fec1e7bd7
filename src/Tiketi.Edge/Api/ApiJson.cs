using System.Text.Json;
using Tiketi.Core.Json;

namespace Tiketi.Edge.Api;

/// <summary>The serializer options for contract responses written by the edge (see <see cref="ContractJson"/>).</summary>
public static class ApiJson
{
    /// <summary>Same conventions as <see cref="ContractJson.Options"/>.</summary>
    public static JsonSerializerOptions Options => ContractJson.Options;
}
