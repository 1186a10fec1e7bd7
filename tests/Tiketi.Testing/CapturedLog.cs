using Microsoft.Extensions.Logging;

namespace Tiketi.Testing;

/// <summary>One captured log line.</summary>
/// <param name="Level">Severity.</param>
/// <param name="Category">Logger category.</param>
/// <param name="Message">Formatted message.</param>
/// <param name="Exception">Attached exception, if any.</param>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, Exception? Exception);
