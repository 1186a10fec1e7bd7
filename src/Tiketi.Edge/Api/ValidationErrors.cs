using System.Text.Json;

namespace Tiketi.Edge.Api;

/// <summary>
/// Builds the express-validator v7 error body of the auth routes (REST.md §1.5 shape 3):
/// <c>{"errors":[{"type":"field","value":…,"msg":"Invalid value","path":"email","location":"body"}]}</c>.
/// The submitted value is echoed except for passwords (FLOWS.md defect 38), and omitted when the field was absent.
/// </summary>
public sealed class ValidationErrors
{
    private readonly List<Dictionary<string, object?>> _errors = [];

    /// <summary>Whether any field failed.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Records a failed field; <paramref name="echoValue"/> false keeps the value out of the response.</summary>
    public void Add(JsonElement body, string path, bool echoValue = true)
    {
        var error = new Dictionary<string, object?> { ["type"] = "field" };
        if (echoValue && body.ValueKind == JsonValueKind.Object && body.TryGetProperty(path, out var value))
        {
            error["value"] = value.Clone();
        }

        error["msg"] = "Invalid value";
        error["path"] = path;
        error["location"] = "body";
        _errors.Add(error);
    }

    /// <summary>400 with the collected errors.</summary>
    public IResult ToResult() => TypedResults.Json(new { errors = _errors }, ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
