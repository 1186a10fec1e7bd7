namespace Tiketi.Edge.Api;

/// <summary><c>GET /api/payments/methods</c> (REST.md §3.17): the fixed list of mock payment methods.</summary>
public static class PaymentMethodEndpoints
{
    private static readonly object Methods = new
    {
        methods = new[]
        {
            new { id = "naver_pay", name = "네이버페이", description = "네이버페이로 간편 결제", icon = "/images/naver-pay.png" },
            new { id = "kakao_pay", name = "카카오페이", description = "카카오페이로 간편 결제", icon = "/images/kakao-pay.png" },
            new { id = "bank_transfer", name = "계좌이체", description = "계좌이체로 결제", icon = "/images/bank-transfer.png" },
        },
    };

    /// <summary>Maps the endpoint under the <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapPaymentMethodEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/payments/methods", () => Results.Json(Methods, ApiJson.Options));
        return api;
    }
}
