namespace Tiketi.Core.Payments;

/// <summary>The payment method codes the client sends and their Korean display names.</summary>
public static class PaymentMethods
{
    /// <summary>Whether <paramref name="code"/> is a known method.</summary>
    public static bool IsKnown(string? code) => DisplayName(code) is not null;

    /// <summary>The Korean name of a method code, or null for an unknown code.</summary>
    public static string? DisplayName(string? code) => code switch
    {
        "naver_pay" => "네이버페이",
        "kakao_pay" => "카카오페이",
        "bank_transfer" => "계좌이체",
        _ => null,
    };
}
