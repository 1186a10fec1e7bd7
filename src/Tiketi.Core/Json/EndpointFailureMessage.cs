namespace Tiketi.Core.Json;

/// <summary>
/// Endpoint metadata naming the contract's 500 <c>{"error"}</c> text of one endpoint (e.g. "이벤트 생성에 실패했습니다.").
/// The edge's error middleware answers an unexpected exception of that endpoint with it (logged) instead of its
/// generic message. Plain data, so the admin library can declare it without depending on the edge.
/// </summary>
/// <param name="Message">The Korean (or, where the contract has it, English) message.</param>
public sealed record EndpointFailureMessage(string Message);
