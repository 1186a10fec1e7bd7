namespace Tiketi.Core.Payments;

/// <summary>The provider's answer to a charge.</summary>
/// <param name="Succeeded">Whether money was taken.</param>
/// <param name="Reference">The provider's charge reference when it succeeded.</param>
public readonly record struct PaymentCharge(bool Succeeded, string? Reference);
